#!/usr/bin/env bash
# results.jsonl side by side (see README.md, "files.sh"): the writer before ResultsRows (a map per row through
# ObjectMapper, java.time per wall time) against ResultsRows, both reading the same real clip files.
# Usage: bench/aggregator/files.sh [VIDEOS] [CLIPS_PER_VIDEO] [ROUNDS]     (defaults 2000 60 10: 120,000 rows, 67 MiB)
# Builds the aggregator's test classes when needed (bench/lib.sh). Small on purpose: it shares the machine.
. "$(dirname "$0")/../lib.sh"
bench_jdk
videos="${1:-2000}"; clips="${2:-60}"; rounds="${3:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vidsift-bench-files.XXXXXX")"
trap 'rm -rf "$work"' EXIT
bench_test_classpath aggregator-service
bench_machine
java -Xmx512m ${BENCH_JAVA_OPTS:-} io.vidsift.aggregator.output.ResultsBench "$work" "$videos" "$clips" "$rounds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
