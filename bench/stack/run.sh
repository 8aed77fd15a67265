#!/usr/bin/env bash
# Measures the embedded stack: wall time of `vidsift stack up` (broker + simulator + four services, all
# health-checked) and each process's resident memory once up, then `vidsift demo` end to end.
# Usage: bench/stack/run.sh [runs]   (from the repository root; builds on first use like ./vidsift)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./vidsift --version >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
for i in $(seq "$runs"); do
  dir="$work/stack-$i"
  start=$(date +%s.%N)
  ./vidsift stack up --work-dir "$dir" --with-simulator examples/demo-scenario.yaml >/dev/null
  end=$(date +%s.%N)
  printf 'run %d: stack up in %.1f s\n' "$i" "$(echo "$end - $start" | bc)"
  if [ "$i" = "$runs" ]; then
    total=0
    printf '  %-22s %8s\n' process "RSS MiB"
    while read -r name pid; do
      rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
      total=$((total + rss))
      printf '  %-22s %8d\n' "$name" "$rss"
    done < <(python3 -c "import json,sys; [print(p['name'], p['pid']) for p in json.load(open('$dir/stack.json'))['processes']]")
    printf '  %-22s %8d\n' total "$total"
  fi
  ./vidsift stack down --work-dir "$dir" >/dev/null
done
start=$(date +%s.%N)
./vidsift demo --work-dir "$work/demo" >/dev/null || rc=$?
end=$(date +%s.%N)
printf 'demo (36 chunks of 10 min, 33 videos analysed): %.1f s wall, exit %s\n' "$(echo "$end - $start" | bc)" "${rc:-0}"
