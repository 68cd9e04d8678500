#!/usr/bin/env bash
# Soak test: the real worker (Release build) on the local emulator, fed a steady flow of notifications, alerting to a
# loopback webhook, for MINUTES. Every SOAK_INTERVAL seconds it samples the worker's RSS, GC heap, open handles,
# threads and the queue depth into artifacts/soak/samples.csv, and at the end prints start, end and slope per hour.
# Usage: scripts/soak.sh MINUTES        (scripts/soak.sh --summary FILE.csv summarises an earlier run)
# Settings (environment): SOAK_RATE objects/s (4), SOAK_RECORDS per object (250), SOAK_MATCHES alerts per object (5),
# SOAK_INTERVAL seconds between samples (10), SOAK_TUNING a tuning file for the worker (none), SOAK_DIR the output
# folder (artifacts/soak).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --summary ] && [ $# -eq 2 ]; then
  awk -f scripts/soak/summarise.awk "$2"
  exit
fi
if [ $# -ne 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "usage: scripts/soak.sh MINUTES | --summary FILE.csv" >&2
  exit 2
fi
minutes=$1
rate=${SOAK_RATE:-4}
records=${SOAK_RECORDS:-250}
matches=${SOAK_MATCHES:-5}
interval=${SOAK_INTERVAL:-10}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
work=${SOAK_DIR:-artifacts/soak}
rm -rf "$work"
mkdir -p "$work"
csv=$work/samples.csv

dotnet build src/TrailWatcher -c Release -o "$work/bin" --disable-build-servers -p:UseSharedCompilation=false 2>&1 | tail -n 2
bash scripts/emulator.sh install

pids=()
cleanup() {
  # Only what this script started, by pid; the emulator through its own stop command.
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  bash scripts/emulator.sh stop || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
bash scripts/emulator.sh start "$port" >/dev/null
endpoint=http://127.0.0.1:$port
bucket=soak-trail
queue=soak-notifications
queue_url=$endpoint/000000000000/$queue
curl -sf -X PUT "$endpoint/$bucket" -o /dev/null
sqs() { curl -sf -X POST "$endpoint/" -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AmazonSQS.$1" -d "$2"; }
sqs CreateQueue "{\"QueueName\":\"$queue\"}" >/dev/null

python3 scripts/soak/receiver.py "$work/alerts-received" "$work/receiver-port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/receiver-port" ] && break; sleep 0.1; done
echo 0 >"$work/alerts-received"

TrailWatcher__Source=Sqs \
TrailWatcher__Sqs__QueueUrl=$queue_url \
TrailWatcher__Sqs__WaitTimeSeconds=5 \
TrailWatcher__Sqs__VisibilityTimeoutSeconds=60 \
TrailWatcher__S3__ForcePathStyle=true \
TrailWatcher__Aws__ServiceUrl=$endpoint \
TrailWatcher__Sinks__Console__Enabled=false \
TrailWatcher__Sinks__Webhook__Url=http://127.0.0.1:$(cat "$work/receiver-port")/alerts \
TrailWatcher__Dedup__Enabled=false \
TrailWatcher__Metrics__Port=0 \
TrailWatcher__Rules__Tuning__0=${SOAK_TUNING:-} \
AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
  dotnet "$work/bin/TrailWatcher.dll" run >"$work/worker.out" 2>"$work/worker.err" &
worker=$!
pids+=("$worker")
metrics=""
for _ in $(seq 600); do
  metrics=$(grep -Eo 'Serving /metrics, /healthz and /readyz on http://127\.0\.0\.1:[0-9]+' "$work/worker.err" 2>/dev/null | grep -Eo 'http://.*' || true)
  [ -n "$metrics" ] && break
  kill -0 "$worker" 2>/dev/null || { cat "$work/worker.err" >&2; echo "the worker exited at start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$metrics" ] || { echo "the worker did not report its metrics endpoint within 60 s" >&2; exit 1; }

python3 scripts/soak/driver.py "$endpoint" "$bucket" "$queue_url" "$rate" "$records" "$matches" $((minutes * 60)) &
driver=$!
pids+=("$driver")

# The old generation and the large-object heap: collected only by the rare full collections, so their size shows
# whether anything accumulates (gen0 and gen1 come and go with every sample).
generations() { awk -v m="$1" 'index($1, m "{") == 1 && ($1 ~ /gen2/ || $1 ~ /loh/) { s += $NF } END { printf "%.0f", s }' "$work/metrics.txt"; }
# Sums every series of a metric on the page (all label sets).
metric() { awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%.0f", s }' "$work/metrics.txt"; }
echo "time,elapsed_s,rss_kb,rss_anon_kb,rss_file_kb,gc_heap_bytes,gc_gen2_loh_bytes,gc_gen2_collections,gc_committed_bytes,handles,threads,queue_visible,queue_in_flight,objects_done,alerts_received" >"$csv"
echo "soak: $minutes min, $rate objects/s of $records records ($matches alerts each); worker pid $worker; samples every ${interval}s in $csv"
start=$SECONDS
while [ $((SECONDS - start)) -lt $((minutes * 60)) ]; do
  kill -0 "$worker" 2>/dev/null || { tail -n 30 "$work/worker.err" >&2; echo "the worker died" >&2; exit 1; }
  curl -sf --max-time 5 "$metrics/metrics" -o "$work/metrics.txt" || : >"$work/metrics.txt"
  attributes=$(sqs GetQueueAttributes "{\"QueueUrl\":\"$queue_url\",\"AttributeNames\":[\"All\"]}" || echo '{}')
  printf '%s,%d,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s,%s\n' \
    "$(date -u +%H:%M:%S)" $((SECONDS - start)) \
    "$(awk '/^VmRSS:/ { print $2 }' "/proc/$worker/status")" \
    "$(awk '/^RssAnon:/ { print $2 }' "/proc/$worker/status")" \
    "$(awk '/^RssFile:/ { print $2 }' "/proc/$worker/status")" \
    "$(metric dotnet_gc_last_collection_heap_size_bytes)" \
    "$(generations dotnet_gc_last_collection_heap_size_bytes)" \
    "$(awk '/^dotnet_gc_collections_total\{.*gen2/ { s += $NF } END { printf "%.0f", s }' "$work/metrics.txt")" \
    "$(metric dotnet_gc_last_collection_memory_committed_size_bytes)" \
    "$(ls "/proc/$worker/fd" | wc -l)" \
    "$(awk '/^Threads:/ { print $2 }' "/proc/$worker/status")" \
    "$(jq -r '.Attributes.ApproximateNumberOfMessages // "0"' <<<"$attributes")" \
    "$(jq -r '.Attributes.ApproximateNumberOfMessagesNotVisible // "0"' <<<"$attributes")" \
    "$(metric trailwatcher_objects_processed_total)" \
    "$(cat "$work/alerts-received")" >>"$csv"
  sleep "$interval"
done

wait "$driver" || true
echo "soak finished; worker stderr: $work/worker.err"
awk -f scripts/soak/summarise.awk "$csv"
