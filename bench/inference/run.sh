#!/usr/bin/env bash
# bench/inference, two parts, each with its anchor side by side and the ratios printed:
# 1. per frame: the analyzer's inference path against a bare ONNX Runtime session.run loop on the same model, batch and
#    input size (frames decoded up front, so decoding is in neither figure). Models: the generated activity graph and
#    a YOLOv8n-sized synthetic detector (640x640 -> [N,84,8400], ~4 GMAC).
# 2. whole videos: the analyzer end to end with that detector on pedestrian-like footage (make-street.sh), ungated vs
#    gated by the activity model, decoding and inference in turn vs overlapped, and decoding alone.
# Usage: bench/inference/run.sh [STREET_VIDEO] [VIDEO] [ROUNDS]
#   (defaults: /tmp/vidsift-bench/street-720p.mp4 (made if missing) for both parts, 1 round)
# Compiles what it needs (bench/lib.sh; the entry points are test classes). Don't run it while tests run: it measures CPU.
. "$(dirname "$0")/../lib.sh"
bench_jdk
bench_require bc "apt-get install bc"
street=${1:-/tmp/vidsift-bench/street-720p.mp4}
video=${2:-$street}
rounds=${3:-1}
if [ ! -s "$street" ]; then
  bench_require ffmpeg "apt-get install ffmpeg: makes the pedestrian-like footage"
  "$BENCH_ROOT/bench/inference/make-street.sh" "$street"
fi
bench_test_classpath analyzer-service
jvm=(java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED)
bench_machine
echo "== 1. per frame: $video"
for args in "activity 1200 8" "detector 96 4"; do
  # shellcheck disable=SC2086
  line=$("${jvm[@]}" io.vidsift.analyzer.bench.InferenceBench "$video" $args 2>/dev/null | grep '^model=')
  echo "$line"
  bench_result "inference-${args%% *}" "$line"
done
ratio=$(sed -E 's/.* overhead_ratio=([^ ]+).*/\1/' <<<"$line")
# The letterbox conversion alone, caller-thread CPU: the RGB24 + table path before against planar float in place.
letterbox=$("${jvm[@]}" io.vidsift.analyzer.inference.LetterboxBench "$video" 2>/dev/null | grep '^letterbox ')
echo "$letterbox"
bench_result "letterbox" "$letterbox"
pipelined=$(sed -nE 's/.*pipelined_overhead_ratio=([^ ]+).*/\1/p' <<<"$line")
echo "== 2. whole video: $street"
out=$("${jvm[@]}" io.vidsift.analyzer.bench.DetectionBench "$street" "$rounds" 2>/dev/null | grep -E '^(cpus|decode|setup|detector_clips|same|ratio)')
echo "$out"
bench_result detection "$(grep '^ratio' <<<"$out")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
gated=$(sed -nE 's/.*ungated_pipelined\/gated_pipelined=([^ ]+).*/\1/p' <<<"$out")
same=$(sed -nE 's/^same_detections=([^ ]+).*/\1/p' <<<"$out")
verdict() { (( $(bc -l <<<"$1") )) && echo PASS || echo MISS; }
printf 'targets: detector overhead_ratio <= 1.05: in turn (depth 1) %s (%s), pipelined as the worker runs it (depth 2) %s (%s); gated >= 3x faster than ungated (both pipelined): %s (%sx); same detections in the active clips: %s\n' \
  "$(verdict "$ratio <= 1.05")" "$ratio" "$(verdict "${pipelined:-99} <= 1.05")" "${pipelined:-n/a}" "$(verdict "$gated >= 3")" "$gated" "$([ "$same" = true ] && echo PASS || echo MISS)"
