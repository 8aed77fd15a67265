#!/usr/bin/env bash
# N parallel ~100 MB downloads from the Hik Cloud simulator on loopback: curl to files versus the downloader's
# fetch engine (VideoFetcher in its own JVM). Prints both throughputs, their ratio and the downloader's peak RSS.
#   bench/download/run.sh            # N=4
#   N=8 JAVA_OPTS=-Xmx128m bench/download/run.sh
. "$(dirname "$0")/../lib.sh"
bench_jdk
bench_require curl "apt-get install curl"
bench_require python3
N=${N:-4}
PORT=${PORT:-18090}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
ROOT=$BENCH_ROOT
WORK=$(mktemp -d /tmp/vidsift-bench-XXXXXX)
SIM_PID=
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

bench_build hik-cloud-simulator/target/quarkus-app/quarkus-run.jar hik-cloud-simulator
# DownloadBench lives in the downloader's test sources.
[ -d downloader-service/target/test-classes ] || ./mvnw -B -q -o -pl downloader-service -am -DskipTests test-compile
bench_machine

java -Xmx256m -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
     -Dvidsift.simulator.scenario="$ROOT/bench/download/scenario.yaml" \
     -Dvidsift.simulator.cache-dir="$WORK/cache" \
     -jar hik-cloud-simulator/target/quarkus-app/quarkus-run.jar > "$WORK/simulator.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/q/health/live" > /dev/null && break
  sleep 0.5
done

T0=1770048000  # 2026-02-03 00:00:00 +08:00
address() {
  curl -sf -X POST "http://127.0.0.1:$PORT/v1/carrier/cstorage/open/play/download" \
       -H "Authorization: bearer bench-token" -H "Content-Type: application/json" \
       -d "{\"deviceSerial\":\"BENCH\",\"channelNo\":1,\"timeBegin\":$1,\"timeEnd\":$2}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["url"])'
}
URLS=()
for i in $(seq 0 $((N - 1))); do
  URLS+=("$(address $((T0 + 600 * i)) $((T0 + 600 * i + 600)))")
done
# Generate the clip once (and warm the page cache) so that neither side is timed on generation.
curl -sf -o /dev/null "${URLS[0]}"
SIZE=$(curl -sfI "${URLS[0]}" | tr -d '\r' | awk 'tolower($1)=="content-length:"{print $2}')

mkdir -p "$WORK/curl" "$WORK/dl"
START=$(bench_now)
PIDS=()
for i in "${!URLS[@]}"; do curl -sf -o "$WORK/curl/$i.mp4" "${URLS[$i]}" & PIDS+=($!); done
wait "${PIDS[@]}"
CURL_S=$(bench_since "$START")
# The downloader also hashes what it writes: time sha256sum over curl's files for a like-for-like figure.
START=$(bench_now)
PIDS=()
for f in "$WORK"/curl/*.mp4; do sha256sum "$f" > /dev/null & PIDS+=($!); done
wait "${PIDS[@]}"
HASH_S=$(bench_since "$START")
rm -rf "$WORK/curl"

DL=$(java $JAVA_OPTS -cp downloader-service/target/classes:downloader-service/target/test-classes \
     io.vidsift.downloader.bench.DownloadBench "$WORK/dl" "${URLS[@]}")
DL_S=$(echo "$DL" | sed -E 's/.*seconds=([0-9.]+).*/\1/')
RSS=$(echo "$DL" | sed -E 's/.*peak_rss_kib=([0-9]+).*/\1/')

python3 - "$N" "$SIZE" "$CURL_S" "$DL_S" "$RSS" "$JAVA_OPTS" "$HASH_S" <<'PY'
import sys
n, size, curl_s, dl_s, rss, opts = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
hash_s = float(sys.argv[7])
mb = n * size / 1e6
print(f"{n} parallel downloads of {size/1e6:.1f} MB each ({mb:.0f} MB) on loopback")
print(f"curl:       {curl_s:7.2f} s  {mb/curl_s:8.1f} MB/s")
print(f"downloader: {dl_s:7.2f} s  {mb/dl_s:8.1f} MB/s  (VideoFetcher: .part, MP4 check, sha256, fsync, rename)")
print(f"ratio downloader/curl: {(mb/dl_s)/(mb/curl_s):.2f}")
print(f"curl then sha256sum: {curl_s + hash_s:7.2f} s  {mb/(curl_s + hash_s):8.1f} MB/s  -> ratio downloader/(curl+sha256sum): {(curl_s + hash_s)/dl_s:.2f}")
print(f"downloader peak RSS: {rss/1024:.0f} MiB ({opts})")
PY
bench_result download "n=$N curl_s=$CURL_S sha256sum_s=$HASH_S downloader_s=$DL_S ratio=$(awk -v c="$CURL_S" -v d="$DL_S" 'BEGIN { printf "%.2f", c / d }') peak_rss_kib=$RSS"
