#!/usr/bin/env bash
# Measures joins on real node processes on 127.0.0.1 (ports 9201-9205 HTTP, 12201-12205 silo,
# 31201-31205 gateways): a 3-node cluster (RF 3) is loaded with --keys keys of --value-size
# bytes (every node holds all of them). node4 joins the idle cluster: the streaming rate (keys/s,
# MB/s over the streaming phase, from node4's /admin/status). Then node5 joins while wrk writes at
# quorum through node1 and node2: PUT quorum throughput and p99 during that join against a run of
# the same length just before it, and the streaming rate under that load. Warm-up: 20 s of the
# same writes first (the first rounds after a start run at half speed while the JIT and caches warm).
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

local_nodes 9200 12200 31200
settled_with() { curl -sf "$(http 1)/admin/ring" | jq -e --argjson n "$1" '(.change_in_progress | not) and ([.nodes[] | select(.state == "normal")] | length) == $n' >/dev/null; }
cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/kv-put.lua" >"$WORK/put.lua"
put_load() {  # put_load SECONDS OUT
  env WRK_TARGETS="127.0.0.1:9201,127.0.0.1:9202" WRK_KEYS="$KEYS" WRK_LEVEL=quorum WRK_VALUE_SIZE="$VALUE_SIZE" \
    wrk -t 2 -c 32 -d "${1}s" --latency -s "$WORK/put.lua" "$(http 1)" >"$2" 2>&1
}
field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$(grep '^WRK_RESULT' "$2")"; }

for k in 1 2 3; do start_node "$k" "$WORK/data"; done
for k in 1 2 3; do wait_ready "$k"; done
until settled_with 3; do sleep 0.2; done
log "loading $KEYS keys of $VALUE_SIZE bytes at all"
"$BENCH" --driver orleans --targets 127.0.0.1:31201,127.0.0.1:31202,127.0.0.1:31203 --workload load --consistency all \
  --keys "$KEYS" --concurrency 64 --value-size "$VALUE_SIZE" >"$WORK/load.out" 2>&1 || { tail -20 "$WORK/load.out"; exit 1; }
join() {  # join K: starts node K, waits until the ring settles with it, prints the streaming it did
  local k="$1" t0 t1 status keys bytes stream_ms deadline=$((SECONDS + 1800))
  t0=$(date +%s%3N)
  start_node "$k" "$WORK/data"
  until settled_with "$k"; do ((SECONDS < deadline)) || { log "the join of node$k did not finish"; exit 1; }; sleep 0.2; done
  t1=$(date +%s%3N)
  status=$(curl -sf "$(http "$k")/admin/status" | jq .streaming)
  keys=$(jq .keys <<<"$status"); bytes=$(jq .bytes <<<"$status")
  stream_ms=$(( $(date -d "$(jq -r .finished_at <<<"$status")" +%s%3N) - $(date -d "$(jq -r .started_at <<<"$status")" +%s%3N) ))
  echo "join of node$k ($2): $(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", ms / 1000 }') s from start to settled; streamed $keys keys, $bytes bytes in $(awk -v ms=$stream_ms 'BEGIN { printf "%.1f", ms / 1000 }') s: $(awk -v n="$keys" -v ms=$stream_ms 'BEGIN { printf "%.0f", n * 1000 / ms }') keys/s, $(awk -v b="$bytes" -v ms=$stream_ms 'BEGIN { printf "%.1f", b / 1000 / ms }') MB/s"
}

log "node4 joins the idle cluster"
join 4 "idle cluster of 3 nodes holding $KEYS keys of $VALUE_SIZE bytes"

log "warm-up: 20 s of quorum writes"
put_load 20 "$WORK/warmup.out"
log "before the next join: ${SECONDS_PER_RUN}s of quorum writes"
put_load "$SECONDS_PER_RUN" "$WORK/before.out"
log "node5 joins while quorum writes run"
put_load "$SECONDS_PER_RUN" "$WORK/during.out" &
WRK=$!
join 5 "4 nodes under quorum writes"
wait "$WRK"
for run in before during; do
  echo "PUT quorum $run the join of node5: $(field rps "$WORK/$run.out") ops/s, p99 $(awk -v us="$(field p99_us "$WORK/$run.out")" 'BEGIN { printf "%.1f", us / 1000 }') ms, non-2xx $(field non2xx "$WORK/$run.out")"
done
