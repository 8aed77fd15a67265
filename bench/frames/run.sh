#!/usr/bin/env bash
# bench/frames: what it costs to get 1 frame/s out of a 10-minute camera chunk.
# Side by side on the same file: the ffmpeg CLI (fps=1 filter, full decode, key frames only) and the analyzer's
# sampler in exact and keyframes modes (probe + decode + conversion of each kept frame to the model input).
# Usage: bench/frames/run.sh [FOOTAGE_DIR] [720 1080]      (needs Debian's ffmpeg; builds nothing itself)
# Builds the analyzer when missing (bench/lib.sh). Don't run it while tests run: it measures CPU.
. "$(dirname "$0")/../lib.sh"
bench_jdk
bench_require ffmpeg "apt-get install ffmpeg: Debian's ffmpeg with libx264 makes the footage and is the anchor"
bench_require bc "apt-get install bc"
here=$BENCH_ROOT/bench/frames
footage=${1:-/tmp/vidsift-bench}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(720 1080)
"$here/make-footage.sh" "$footage" "${sizes[@]}"

bench_test_classpath analyzer-service
# FramesBench runs on the classes it loads (the analyzer's and FramesBench's own, vidsift-common, JBoss Logging,
# JavaCPP/JavaCV/FFmpeg), not on the module's whole test classpath (~300 jars: Kafka broker, Quarkus test framework,
# ORT, ...). JavaCPP resolves every native library and every preset class it initialises through class-loader resource
# lookups; on a URLClassPath of ~300 jars those scan them all (~0.4 s of wall, ~0.8 s of CPU here, mostly the JIT
# compiling the JDK's jar-scanning code), a cost of the test harness: the worker runs from Quarkus's fast-jar, whose
# class loader finds resources through an index. The old way is still measured (keyframes, "test classpath" row).
test_cp=$CLASSPATH
sampler_cp=$(tr ':' '\n' <<<"$CLASSPATH" | grep -E '/analyzer-service/target/(test-)?classes$|/common/target/classes$|/org/bytedeco/|/jboss-logging-[^/]*\.jar$' | paste -sd:)
jvm=(java -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED)
bench_machine

# wall and CPU (user+sys) seconds of one command
# Each measurement runs RUNS times (default 2); the run with the least wall time is kept, being the one least
# disturbed by whatever else the machine does. CPU seconds are far less sensitive to that than wall seconds.
RUNS=${RUNS:-2}
measure() {
  local t best=""
  t=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$t" -f "%e %U %S" "$@" >/dev/null 2>&1
    line=$(awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$t")
    if [ -z "$best" ] || (( $(bc -l <<<"${line%% *} < ${best%% *}") )); then best=$line; fi
  done
  rm -f "$t"
  echo "$best"
}
sampler() {
  local best="" line cp=$sampler_cp
  if [ "$1" = --test-classpath ]; then cp=$test_cp; shift; fi
  for _ in $(seq "$RUNS"); do
    line=$(CLASSPATH=$cp "${jvm[@]}" io.vidsift.analyzer.bench.FramesBench "$@" 2>/dev/null | grep '^mode=')
    w=$(sed -E 's/.* wall_s=([^ ]+).*/\1/' <<<"$line")
    if [ -z "$best" ] || (( $(bc -l <<<"$w < $(sed -E 's/.* wall_s=([^ ]+).*/\1/' <<<"$best")") )); then best=$line; fi
  done
  echo "$best"
}

for s in "${sizes[@]}"; do
  f="$footage/chunk-${s}p.mp4"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
  echo "== $f ($(ffprobe -v error -select_streams v:0 -show_entries stream=width,height,avg_frame_rate,bit_rate -of csv=p=0 "$f"))"
  read -r fps1_w fps1_c < <(measure ffmpeg -hide_banner -nostdin -i "$f" -vf fps=1 -f null -)
  read -r full_w full_c < <(measure ffmpeg -hide_banner -nostdin -i "$f" -f null -)
  read -r key_w key_c < <(measure ffmpeg -hide_banner -nostdin -skip_frame nokey -i "$f" -f null -)
  exact_line=$(sampler "$f" exact)
  keys_line=$(sampler "$f" keyframes)
  keys_test_line=$(sampler --test-classpath "$f" keyframes)
  get() { sed -E "s/(^|.* )$1=([^ ]+).*/\2/" <<<"$2"; }
  exact_w=$(get wall_s "$exact_line"); exact_c=$(get cpu_s "$exact_line")
  keys_w=$(get wall_s "$keys_line"); keys_c=$(get cpu_s "$keys_line")
  keys_test_w=$(get wall_s "$keys_test_line"); keys_test_c=$(get cpu_s "$keys_test_line")
  # warm: without loading FFmpeg's native libraries, which the worker does once per process, not per video
  exact_warm=$(get warm_wall_s "$exact_line"); keys_warm=$(get warm_wall_s "$keys_line")
  printf '%-44s %8s %8s %12s %12s\n' method wall_s cpu_s "wall/fps=1" "cpu/fps=1"
  row() { printf '%-44s %8.2f %8.2f %12.3f %12.3f\n' "$1" "$2" "$3" "$(bc -l <<<"$2/$fps1_w")" "$(bc -l <<<"$3/$fps1_c")"; }
  row "ffmpeg -vf fps=1 -f null" "$fps1_w" "$fps1_c"
  row "ffmpeg full decode -f null" "$full_w" "$full_c"
  row "ffmpeg -skip_frame nokey -f null" "$key_w" "$key_c"
  row "analyzer sampler exact (1 fps)" "$exact_w" "$exact_c"
  row "analyzer sampler keyframes" "$keys_w" "$keys_c"
  row "  keyframes, on the test classpath" "$keys_test_w" "$keys_test_c"
  echo "  exact:     $exact_line"
  echo "  keyframes: $keys_line"
  echo "  keyframes on the test classpath: $keys_test_line"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  bench_result "frames-${s}p" "fps1_wall_s=$fps1_w fps1_cpu_s=$fps1_c exact_wall_s=$exact_w exact_cpu_s=$exact_c keyframes_wall_s=$keys_w keyframes_cpu_s=$keys_c exact_ratio=$(bc -l <<<"scale=3; $exact_w/$fps1_w") exact_cpu_ratio=$(bc -l <<<"scale=3; $exact_c/$fps1_c") keyframes_speedup=$(bc -l <<<"scale=1; $fps1_w/$keys_w") exact_decoded=$(get decoded "$exact_line") exact_decoded_per_gop=$(get decoded_per_gop "$exact_line") exact_skip=$(get skip "$exact_line") exact_warm_ratio=$(bc -l <<<"scale=3; $exact_warm/$fps1_w") keyframes_warm_speedup=$(bc -l <<<"scale=1; $fps1_w/$keys_warm") keyframes_test_classpath_speedup=$(bc -l <<<"scale=1; $fps1_w/$keys_test_w") load=$(cut -d' ' -f1 /proc/loadavg)"
  printf '  targets: exact <= 0.35x fps=1 wall: %s (%.3f; warm %.3f); keyframes >= 15x faster than fps=1: %s (%.1fx; warm %.1fx)\n' \
    "$( (( $(bc -l <<<"$exact_w <= 0.35*$fps1_w") )) && echo PASS || echo MISS)" "$(bc -l <<<"$exact_w/$fps1_w")" "$(bc -l <<<"$exact_warm/$fps1_w")" \
    "$( (( $(bc -l <<<"$fps1_w >= 15*$keys_w") )) && echo PASS || echo MISS)" "$(bc -l <<<"$fps1_w/$keys_w")" "$(bc -l <<<"$fps1_w/$keys_warm")"
done
