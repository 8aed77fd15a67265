#!/usr/bin/env bash
# The `demo-submit` one-shot of docker-compose.yml (profile demo): posts examples/demo.yaml to the planner with
# hik_cloud.api_base_url pointed at the simulator inside the compose network, then follows the job on the
# aggregator until it finishes. Runs in the JRE image, which has bash but no curl: plain HTTP/1.0 over /dev/tcp.
set -euo pipefail

job=${DEMO_JOB:-/examples/demo.yaml}
planner_host=${PLANNER_HOST:-planner-service}
planner_port=${PLANNER_PORT:-8081}
aggregator_host=${AGGREGATOR_HOST:-aggregator-service}
aggregator_port=${AGGREGATOR_PORT:-8084}
simulator_url=${SIMULATOR_URL:-http://hik-cloud-simulator:8090}
timeout_s=${DEMO_TIMEOUT_SECONDS:-1200}
poll_s=${DEMO_POLL_SECONDS:-5}
# The planner and the aggregator answer API calls only with this key (compose requires it to be set).
api_key=${VIDSIFT_API_KEY:?VIDSIFT_API_KEY must be set: the planner and the aggregator require it}

# request HOST PORT METHOD PATH [BODY]: prints the raw response (status line, headers, body).
request() {
  local host=$1 port=$2 method=$3 path=$4 body=${5:-}
  exec 3<>"/dev/tcp/$host/$port"
  printf '%s %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\nAuthorization: Bearer %s\r\nContent-Type: application/yaml\r\nContent-Length: %s\r\n\r\n%s' \
    "$method" "$path" "$host" "$api_key" "$(printf '%s' "$body" | wc -c)" "$body" >&3
  cat <&3
  exec 3<&-
}

# Replace (or add) api_base_url under the top-level hik_cloud: mapping, keeping the mapping's indentation.
body=$(awk -v url="$simulator_url" '
  /^hik_cloud:[[:space:]]*$/ { print; inhik = 1; next }
  inhik == 1 && /^[[:space:]]+[A-Za-z_]+:/ { match($0, /^[[:space:]]+/); print substr($0, 1, RLENGTH) "api_base_url: " url; inhik = 2 }
  /^[^[:space:]#]/ { if (inhik == 1) inhik = 2 }
  /^[[:space:]]+api_base_url:/ { next }
  { print }' "$job")

echo "demo-submit: POST /jobs ($job, api_base_url $simulator_url)"
response=$(request "$planner_host" "$planner_port" POST /jobs "$body")
echo "$response" | sed -n '1p;$p'
echo "$response" | head -n 1 | grep -q ' 202' || { echo "demo-submit: the planner refused the job" >&2; exit 1; }
job_id=$(echo "$response" | grep -o '"job_id"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
echo "demo-submit: job $job_id; following http://$aggregator_host:$aggregator_port/jobs/$job_id"

deadline=$((SECONDS + timeout_s))
while ((SECONDS < deadline)); do
  status=$(request "$aggregator_host" "$aggregator_port" GET "/jobs/$job_id" || true)
  state=$(echo "$status" | grep -o '"state"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
  echo "demo-submit: ${state:-not yet known}"
  if echo "$status" | grep -q '"finished"[[:space:]]*:[[:space:]]*true'; then
    echo "$status" | tail -n 1
    echo "demo-submit: done; outputs are in the vidsift-data volume (docker compose cp aggregator-service:/data ./vidsift-data)"
    exit 0
  fi
  sleep "$poll_s"
done
echo "demo-submit: job $job_id did not finish within ${timeout_s}s" >&2
exit 1
