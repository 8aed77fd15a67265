#!/usr/bin/env bash
# bench/gpu: one script for a machine with an NVIDIA GPU (under 8 minutes), which also runs its CPU-only parts
# anywhere and prints SKIP for the GPU parts it cannot run. See README.md for what each check means.
# Usage: bench/gpu/run.sh [VIDEO]     (default: bench/inference's street footage, made if missing)
# Needs the analyzer's GPU build for the CUDA parts: CUDA_CLASSPATH=1 builds with -Pcuda (onnxruntime_gpu), or set
# CLASSPATH yourself (e.g. from a machine with the Maven repository) and BENCH_PREBUILT=1.
. "$(dirname "$0")/../lib.sh"
bench_jdk
repo=$BENCH_ROOT
video=${1:-/tmp/vidsift-bench/street-720p.mp4}
start=$(date +%s)
step() { echo "== $1 (t+$(( $(date +%s) - start ))s)"; }

step "nvidia-smi"
if command -v nvidia-smi >/dev/null 2>&1; then
  timeout 30 nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv || echo "check=nvidia_smi result=FAIL"
  timeout 30 nvidia-smi -L || true
else
  echo "check=nvidia_smi result=SKIP reason=\"no nvidia-smi on this machine\""
fi

step "footage"
if [ ! -s "$video" ]; then
  if command -v ffmpeg >/dev/null 2>&1; then
    timeout 300 "$repo/bench/inference/make-street.sh" "$video"
  else
    echo "no $video and no ffmpeg to make it: pass a video" >&2; exit 2
  fi
fi

step "classpath"
if [ "${BENCH_PREBUILT:-0}" = 1 ]; then
  : "${CLASSPATH:?BENCH_PREBUILT=1 needs CLASSPATH}"
  export CLASSPATH
elif [ "${CUDA_CLASSPATH:-0}" = 1 ]; then
  ./mvnw -B -q -Pcuda -pl analyzer-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
  CLASSPATH="$repo/analyzer-service/target/test-classes:$repo/analyzer-service/target/classes:$(cat analyzer-service/target/bench.classpath)"
  export CLASSPATH
else
  bench_test_classpath analyzer-service
fi

step "ORT providers, CUDA vs CPU parity and ms/frame (batch 1/4/8, odd last batch), NVDEC vs software, end to end with device: cuda"
timeout 360 java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED io.vidsift.analyzer.bench.GpuBench "$video" 2>/dev/null \
  | grep -E '^(check|decode)='
step "done"
