#!/usr/bin/env bash
# The aggregator under load (see README.md): a job planned by the real planner, every chunk's downloader and
# analyzer events produced straight to the topics, the real aggregator jar folding them.
# Usage: bench/aggregator/run.sh CAMERAS DAYS CLIPS_PER_VIDEO [AGGREGATOR_HEAP]
#   bench/aggregator/run.sh 100 7 0        # 100,800 empty chunks
#   bench/aggregator/run.sh 1000 7 0       # 1,008,000 empty chunks
#   bench/aggregator/run.sh 50 7 60        # 50,400 analysed chunks x 60 clips
#   BENCH_WARMUP=10 bench/aggregator/run.sh 50 7 60   # the same, folded by an aggregator that folded a 10-camera job first
# Run from anywhere; builds what it needs offline (planner and aggregator jars, the classpath) on first use.
. "$(dirname "$0")/../lib.sh"
bench_jdk
cameras="${1:?cameras}"; days="${2:?days}"; clips="${3:?clips per video (0: empty chunks)}"; heap="${4:-256m}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vidsift-bench-aggregator.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for built in planner-service/target/quarkus-app/quarkus-run.jar aggregator-service/target/quarkus-app/quarkus-run.jar \
    embedded-kafka/target/classes; do
  bench_build "$built" planner-service aggregator-service embedded-kafka
done
cp_file=target/bench-aggregator.classpath
mkdir -p target
if [ ! -s "$cp_file" ]; then
  ./mvnw -B -o -q -pl embedded-kafka dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
fi
classpath="common/target/classes:embedded-kafka/target/classes:$(cat "$cp_file")"
# Copies of the two services, so that a rebuild while the bench runs cannot change what it measures.
mkdir -p "$work/jars/planner-service/target" "$work/jars/aggregator-service/target"
cp -r planner-service/target/quarkus-app "$work/jars/planner-service/target/"
cp -r aggregator-service/target/quarkus-app "$work/jars/aggregator-service/target/"
bench_machine
echo "aggregator -Xmx$heap"
java -Xmx1g -cp "$classpath" bench/aggregator/BenchAggregator.java "$cameras" "$days" "$clips" "$work" "$work/jars" "$heap"
