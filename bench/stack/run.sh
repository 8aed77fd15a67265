#!/usr/bin/env bash
# Measures the embedded stack: wall time of `vidsift stack up` (broker + simulator + four services, all
# health-checked) and each process's resident memory once up, then `vidsift demo` end to end twice in the same
# work dir: the second run finds every video in the analysis cache (same content, settings and model).
# Usage: bench/stack/run.sh [runs]   (builds on first use like ./vidsift)
. "$(dirname "$0")/../lib.sh"
bench_jdk
bench_require python3
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./vidsift --version >/dev/null
bench_machine
for i in $(seq "$runs"); do
  dir="$work/stack-$i"
  start=$(bench_now)
  ./vidsift stack up --work-dir "$dir" --with-simulator examples/demo-scenario.yaml >/dev/null
  up_s=$(bench_since "$start")
  echo "run $i: stack up in $up_s s"
  bench_result stack-up "run=$i seconds=$up_s"
  if [ "$i" = "$runs" ]; then
    total=0
    printf '  %-22s %8s\n' process "RSS MiB"
    while read -r name pid; do
      rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
      total=$((total + rss))
      printf '  %-22s %8d\n' "$name" "$rss"
    done < <(python3 -c "import json,sys; [print(p['name'], p['pid']) for p in json.load(open('$dir/stack.json'))['processes']]")
    printf '  %-22s %8d\n' total "$total"
    bench_result stack-rss "total_mib=$total"
  fi
  ./vidsift stack down --work-dir "$dir" >/dev/null
done
declare -a demo_s
for run in 1 2; do
  rc=0
  start=$(bench_now)
  ./vidsift demo --work-dir "$work/demo" > "$work/demo-$run.log" || rc=$?
  demo_s[$run]=$(bench_since "$start")
  up=$(sed -n 's/^stack up in \([0-9.]*\) s.*/\1/p' "$work/demo-$run.log")
  hits=$(grep -c 'cache hit' "$work/demo/logs/analyzer-service.log" || true)
  echo "demo run $run (36 chunks of 10 min, 33 videos analysed): ${demo_s[$run]} s wall (stack up ${up} s), exit $rc, analyzer cache hits so far: $hits"
  bench_result "demo-run-$run" "seconds=${demo_s[$run]} stack_up_s=$up exit=$rc cache_hits=$hits"
done
echo "second demo run / first: $(awk -v a="${demo_s[2]}" -v b="${demo_s[1]}" 'BEGIN { printf "%.2f", a / b }')"
