#!/usr/bin/env bash
# bench/inference: the analyzer's per-frame inference path against a bare ONNX Runtime session.run loop on the same
# model, batch and input size (frames decoded up front, so decoding is not in either figure).
# Models: the generated activity graph, and a YOLOv8-shaped synthetic detector (640x640 -> [N,84,8400], ~1 GMAC).
# Usage: bench/inference/run.sh [VIDEO]   (default: the 720p bench/frames footage)
# Builds the analyzer when missing (bench/lib.sh). Don't run it while tests run: it measures CPU.
. "$(dirname "$0")/../lib.sh"
bench_jdk
video=${1:-/tmp/vidsift-bench/chunk-720p.mp4}
if [ ! -s "$video" ]; then
  bench_require ffmpeg "apt-get install ffmpeg: makes the bench/frames footage"
  "$BENCH_ROOT/bench/frames/make-footage.sh" "$(dirname "$video")" 720
fi
bench_classpath analyzer-service
jvm=(java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED)
bench_machine
echo "== $video"
for args in "activity 1200 8" "detector 96 4"; do
  # shellcheck disable=SC2086
  line=$("${jvm[@]}" io.vidsift.analyzer.bench.InferenceBench "$video" $args 2>/dev/null | grep '^model=')
  echo "$line"
  bench_result "inference-${args%% *}" "$line"
done
echo "target: overhead_ratio <= 1.15 (analyzer ms/frame over bare session.run ms/frame, same batch)"
