#!/usr/bin/env bash
# Measures a join on real node processes on 127.0.0.1 (ports 9201-9204 HTTP, 12201-12204 silo,
# 31201-31204 gateways): a 3-node cluster (RF 3) is loaded with --keys keys of --value-size
# bytes (every node holds all of them), then node4 joins while wrk writes at quorum through
# node1 and node2. Reports the streaming rate (keys/s, MB/s over the join's streaming phase, from
# node4's /admin/status) and PUT quorum throughput and p99 during the join against a run of the
# same length just before it. Warm-up: 20 s of the same writes first (the first rounds after
# a start run at half speed while the JIT and caches warm).
#
#   bench/join.sh [--keys 1000000] [--value-size 100] [--seconds 20] [--keep]
set -euo pipefail

KEYS=1000000
VALUE_SIZE=100
SECONDS_PER_RUN=20
KEEP=0
while (($#)); do
  case "$1" in
    --keys) KEYS="$2"; shift 2 ;;
    --value-size) VALUE_SIZE="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_prologue join

http() { echo "http://127.0.0.1:$((9200 + $1))"; }
start_node() {
  local k="$1"
  "$SILO" node --node-id "$k" --data-dir "$WORK/data" --http-port $((9200 + k)) --silo-port $((12200 + k)) \
    --gateway-port $((31200 + k)) >>"$WORK/node$k.log" 2>&1 &
  NODE_PID[$k]=$!
}
wait_ready() {
  local k="$1" deadline=$((SECONDS + 120))
  until curl -sf "$(http "$k")/health/ready" >/dev/null; do
    ((SECONDS < deadline)) || { log "node$k not ready"; tail -20 "$WORK/node$k.log"; exit 1; }
    sleep 0.2
  done
}
settled_with() { curl -sf "$(http 1)/admin/ring" | jq -e --argjson n "$1" '(.change_in_progress | not) and ([.nodes[] | select(.state == "normal")] | length) == $n' >/dev/null; }
cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/kv-put.lua" >"$WORK/put.lua"
put_load() {  # put_load SECONDS OUT
  env WRK_TARGETS="127.0.0.1:9201,127.0.0.1:9202" WRK_KEYS="$KEYS" WRK_LEVEL=quorum WRK_VALUE_SIZE="$VALUE_SIZE" \
    wrk -t 2 -c 32 -d "${1}s" --latency -s "$WORK/put.lua" "$(http 1)" >"$2" 2>&1
}
field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$(grep '^WRK_RESULT' "$2")"; }

for k in 1 2 3; do start_node "$k"; done
for k in 1 2 3; do wait_ready "$k"; done
until settled_with 3; do sleep 0.2; done
log "loading $KEYS keys of $VALUE_SIZE bytes at all"
"$BENCH" --driver orleans --targets 127.0.0.1:31201,127.0.0.1:31202,127.0.0.1:31203 --workload load --consistency all \
  --keys "$KEYS" --concurrency 64 --value-size "$VALUE_SIZE" >"$WORK/load.out" 2>&1 || { tail -20 "$WORK/load.out"; exit 1; }
log "warm-up: 20 s of quorum writes"
put_load 20 "$WORK/warmup.out"
log "before the join: ${SECONDS_PER_RUN}s of quorum writes"
put_load "$SECONDS_PER_RUN" "$WORK/before.out"

log "node4 joins while quorum writes run"
start_node 4
put_load "$SECONDS_PER_RUN" "$WORK/during.out" &
WRK=$!
t0=$(date +%s%3N)
deadline=$((SECONDS + 1800))
until settled_with 4; do ((SECONDS < deadline)) || { log "the join did not finish"; exit 1; }; sleep 0.2; done
t1=$(date +%s%3N)
wait "$WRK"
status=$(curl -sf "$(http 4)/admin/status" | jq .streaming)
keys=$(jq .keys <<<"$status"); bytes=$(jq .bytes <<<"$status")
stream_ms=$(( $(date -d "$(jq -r .finished_at <<<"$status")" +%s%3N) - $(date -d "$(jq -r .started_at <<<"$status")" +%s%3N) ))
echo "join of node4 to 3 nodes holding $KEYS keys of $VALUE_SIZE bytes: $(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", ms / 1000 }') s from start to settled; streaming $keys keys, $bytes bytes in $(awk -v ms=$stream_ms 'BEGIN { printf "%.1f", ms / 1000 }') s: $(awk -v n="$keys" -v ms=$stream_ms 'BEGIN { printf "%.0f", n * 1000 / ms }') keys/s, $(awk -v b="$bytes" -v ms=$stream_ms 'BEGIN { printf "%.1f", b / 1000 / ms }') MB/s"
for run in before during; do
  echo "PUT quorum $run the join: $(field rps "$WORK/$run.out") ops/s, p99 $(awk -v us="$(field p99_us "$WORK/$run.out")" 'BEGIN { printf "%.1f", us / 1000 }') ms, non-2xx $(field non2xx "$WORK/$run.out")"
done
