#!/usr/bin/env bash
# Measures how fast replicas converge, on real node processes on 127.0.0.1 (ports 9101-9103 HTTP,
# 12101-12103 silo, 31101-31103 gateways):
#  1. Hint delivery: node3 is killed (-9), wrk writes at quorum through node1 and node2 for
#     --outage seconds, node3 restarts; reports hints kept and the delivery rate (hints/s) from
#     node3's restart until no hints are pending.
#  2. Anti-entropy: a fresh cluster with --keys keys on every replica (loaded at `all` through the
#     Orleans client, hinted handoff off): a repair of node1 when identical (time, bytes, keys), then
#     1% of the keys rewritten while node3 is stopped and a repair of node3.
#
#   bench/convergence.sh [--outage 60] [--keys 1000000] [--skip-hints] [--skip-repair] [--keep]
set -euo pipefail

OUTAGE=60
KEYS=1000000
KEEP=0
HINTS=1
REPAIR=1
while (($#)); do
  case "$1" in
    --outage) OUTAGE="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    --skip-hints) HINTS=0; shift ;;
    --skip-repair) REPAIR=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_prologue convergence

local_nodes 9100 12100 31100
stop_node() { kill "-${2:-TERM}" "${NODE_PID[$1]}" 2>/dev/null || true; wait "${NODE_PID[$1]}" 2>/dev/null || true; unset "NODE_PID[$1]"; }
up_seen_by() { curl -sf "$(http "$1")/admin/ring" | jq -r '.nodes[] | select(.status == "up") | .node_id' | sort | tr '\n' ' '; }
hints_pending() { local total=0 k; for k in "$@"; do total=$((total + $(curl -sf "$(http "$k")/admin/status" | jq .hints_pending))); done; echo "$total"; }
now_ms() { date +%s%3N; }
repair() {  # repair K -> prints "seconds keys_exchanged bytes_sent bytes_received state"
  local k="$1" start; start=$(now_ms)
  curl -sf -X POST "$(http "$k")/admin/repair" >/dev/null
  local status
  while status=$(curl -sf "$(http "$k")/admin/repair") && [[ $(jq -r .state <<<"$status") == running ]]; do sleep 0.2; done
  echo "$(awk -v ms=$(( $(now_ms) - start )) 'BEGIN { printf "%.1f", ms / 1000 }') $(jq -r '"\(.keys_exchanged) \(.bytes_sent) \(.bytes_received) \(.state)"' <<<"$status")"
}
start_cluster() {  # start_cluster DATA_DIR [config args...]
  local k; for k in 1 2 3; do start_node "$k" "$@"; done
  for k in 1 2 3; do wait_ready "$k"; done
  local deadline=$((SECONDS + 60))
  until [[ "$(up_seen_by 1)" == "node1 node2 node3 " ]]; do ((SECONDS < deadline)) || exit 1; sleep 0.2; done
}
stop_cluster() { local k; for k in "${!NODE_PID[@]}"; do stop_node "$k"; done; }

if ((HINTS)); then
  log "part 1: hint delivery after a ${OUTAGE}s outage of node3 under write load"
  start_cluster "$WORK/hints"
  stop_node 3 KILL
  until [[ "$(up_seen_by 1)" == "node1 node2 " && "$(up_seen_by 2)" == "node1 node2 " ]]; do sleep 0.1; done
  cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/kv-put.lua" >"$WORK/put.lua"
  env WRK_TARGETS="127.0.0.1:9101,127.0.0.1:9102" WRK_KEYS=100000 WRK_LEVEL=quorum \
    wrk -t 2 -c 32 -d "${OUTAGE}s" -s "$WORK/put.lua" "$(http 1)" >"$WORK/outage-wrk.out" 2>&1
  writes=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$(grep '^WRK_RESULT' "$WORK/outage-wrk.out")")
  kept=$(hints_pending 1 2)
  log "writes during the outage: $writes; hints kept by node1+node2: $kept"
  start_node 3 "$WORK/hints"
  wait_ready 3
  t0=$(now_ms)
  while (( $(hints_pending 1 2) > 0 )); do sleep 0.2; done
  t1=$(now_ms)
  HINT_SECONDS=$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", ms / 1000 }')
  HINT_RATE=$(awk -v n="$kept" -v ms=$((t1 - t0)) 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')
  echo "hint delivery: $kept hints ($writes writes in ${OUTAGE}s with node3 down) delivered in ${HINT_SECONDS}s after node3 was ready: $HINT_RATE hints/s"
  stop_cluster
fi

if ((REPAIR)); then
  log "part 2: anti-entropy with $KEYS keys per replica"
  start_cluster "$WORK/repair" --OrleansKv:HintedHandoff:Enabled=false --OrleansKv:ReadRepair:Enabled=false
  "$BENCH" --driver orleans --targets 127.0.0.1:31101,127.0.0.1:31102,127.0.0.1:31103 --workload load --consistency all \
    --keys "$KEYS" --concurrency 64 --value-size 100 >"$WORK/load.out" 2>&1 || { tail -20 "$WORK/load.out"; exit 1; }
  log "loaded: $(tail -1 "$WORK/load.out")"
  read -r secs keys sent received state < <(repair 1)
  echo "anti-entropy, identical replicas of $KEYS keys (node1 vs node2, node3): ${secs}s, $keys keys exchanged, $sent bytes sent, $received bytes received ($state)"
  stop_node 3
  changed=$((KEYS / 100))
  # Over HTTP to node1 and node2 only: the Orleans driver would also pick node3's (stopped) coordinator.
  "$BENCH" --driver http --targets "$(http 1),$(http 2)" --workload load --consistency quorum \
    --keys "$changed" --concurrency 32 --value-size 100 >"$WORK/change.out" 2>&1 || { tail -20 "$WORK/change.out"; exit 1; }
  log "rewrote: $(grep -i 'error' "$WORK/change.out" | head -2 | tr '\n' ' ')"
  start_node 3 "$WORK/repair" --OrleansKv:HintedHandoff:Enabled=false --OrleansKv:ReadRepair:Enabled=false
  wait_ready 3
  until [[ "$(up_seen_by 3)" == "node1 node2 node3 " ]]; do sleep 0.2; done
  read -r secs keys sent received state < <(repair 3)
  echo "anti-entropy, $changed of $KEYS keys (1%) newer on node1/node2 than on node3 (repair of node3): ${secs}s, $keys keys exchanged, $sent bytes sent, $received bytes received ($state)"
fi
