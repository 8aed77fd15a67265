#!/usr/bin/env bash
# bench/inference: the analyzer's per-frame inference path against a bare ONNX Runtime session.run loop on the same
# model, batch and input size (frames decoded up front, so decoding is not in either figure).
# Models: the generated activity graph, and a YOLOv8-shaped synthetic detector (640x640 -> [N,84,8400], ~1 GMAC).
# Usage: bench/inference/run.sh [VIDEO]   (default: the 720p bench/frames footage)
# Run `./mvnw -B -o -pl analyzer-service package -DskipTests` first. Don't run it while tests run: it measures CPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
video=${1:-/tmp/vidsift-bench/chunk-720p.mp4}
[ -s "$video" ] || "$repo/bench/frames/make-footage.sh" "$(dirname "$video")" 720
cd "$repo"
./mvnw -B -q -o -pl analyzer-service dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >/dev/null
# Via CLASSPATH, not -cp: ONNX Runtime 1.29 crashes (SIGSEGV, no hs_err) when the JVM's command line is ~30 KB long.
export CLASSPATH="$repo/analyzer-service/target/classes:$(cat analyzer-service/target/bench.classpath)"
jvm=(java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED)
echo "== $video"
"${jvm[@]}" io.vidsift.analyzer.bench.InferenceBench "$video" activity 1200 8 2>/dev/null | grep '^model='
"${jvm[@]}" io.vidsift.analyzer.bench.InferenceBench "$video" detector 96 4 2>/dev/null | grep '^model='
echo "target: overhead_ratio <= 1.15 (analyzer ms/frame over bare session.run ms/frame, same batch)"
