#!/usr/bin/env bash
# Measures start-up on real processes on 127.0.0.1 (launcher --port-offset, default 3100: HTTP
# 11101-11103, silo 14211-14213, gateways 33101-33103), each case --runs times, printing every run
# and min/median/max with the load average:
#   cold     a new 3-node cluster from the built tree, page cache dropped first (needs root):
#            launch to the launcher's "Press Ctrl-C" line (every node ready: active, normal in the ring)
#   warm     the same without dropping the cache
#   restart  the launcher again on a cluster whose node3 holds --keys keys (page cache dropped)
#   node     node3 alone restarted (SIGTERM, then start) while node1 and node2 serve: start to its
#            /health/ready, and to local_keys_exact (its background count of the keys it holds)
# The keys are written into node3's stopped data directory by bench/FillStore (about 12 s per
# million here), 100-byte values; the other nodes do not hold them (no repair runs at start).
#
# STARTUP_SILO=PATH measures another build of the Silo (e.g. a worktree of an older commit).
# --data-dir DIR reuses a stopped cluster's data directory made by an earlier run (--keep) instead
# of making and filling one.
#
#   bench/startup.sh [--runs 3] [--keys 10000000] [--port-offset 3100] [--data-dir DIR] [--keep]
set -euo pipefail

RUNS=3
KEYS=10000000
OFFSET=3100
KEEP=0
DATA=""
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    --data-dir) DATA="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_prologue startup
SILO="${STARTUP_SILO:-$SILO}"
FILL="$ROOT/bench/FillStore/bin/Release/net10.0/OrleansKv.FillStore"
local_nodes $((8000 + OFFSET)) $((11110 + OFFSET)) $((30000 + OFFSET))

now_ms() { date +%s%3N; }
load() { cut -d' ' -f1 /proc/loadavg; }
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || log "cannot drop the page cache (not root): cold runs are warm"; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
# summary NAME VALUES...: min/median/max of the values (seconds)
summary() {
  local name="$1"; shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '{ v[NR] = $1 } END { printf "%-34s min %.2f  median %.2f  max %.2f s  (%d runs)\n", name, v[1], v[int((NR + 1) / 2)], v[NR], NR }'
}

# launch DIR: runs the launcher on DIR until it prints "Press Ctrl-C", sets MS to the milliseconds it took, stops it.
launch() {
  local dir="$1" out="$WORK/launcher.out" t0 pid
  t0=$(now_ms)
  "$SILO" --cluster --data-dir "$dir" --port-offset "$OFFSET" >"$out" 2>&1 &
  pid=$!
  NODE_PID[launcher]=$pid
  until grep -q "Press Ctrl-C" "$out"; do
    kill -0 "$pid" 2>/dev/null || { log "the launcher exited"; cat "$out" >&2; exit 1; }
    sleep 0.02
  done
  MS=$(($(now_ms) - t0))
  stop_processes "$pid"
  unset 'NODE_PID[launcher]'
}

declare -a cold=() warm=() restart=() node_ready=() node_counted=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/new"; drop_caches
  launch "$WORK/new"; cold+=("$(seconds "$MS")"); log "cold run $run: $(seconds "$MS") s (load $(load))"
  rm -rf "$WORK/new"
  launch "$WORK/new"; warm+=("$(seconds "$MS")"); log "warm run $run: $(seconds "$MS") s (load $(load))"
done

if [ -z "$DATA" ]; then
  DATA="$WORK/data"
  log "a cluster whose node3 holds $KEYS keys"
  launch "$DATA"
  t0=$(now_ms)
  "$FILL" "$DATA/node3" "$KEYS" 100 >"$WORK/fill.out" || { cat "$WORK/fill.out"; exit 1; }
  log "filled in $(seconds $(($(now_ms) - t0))) s; $(du -sh "$DATA/node3" | cut -f1) on disk"
fi
for run in $(seq 1 "$RUNS"); do
  drop_caches
  launch "$DATA"; restart+=("$(seconds "$MS")"); log "cluster restart run $run: $(seconds "$MS") s (load $(load))"
done

for k in 1 2 3; do start_node "$k" "$DATA"; done
for k in 1 2 3; do wait_ready "$k"; done
for run in $(seq 1 "$RUNS"); do
  stop_processes "${NODE_PID[3]}"
  drop_caches
  t0=$(now_ms)
  start_node 3 "$DATA"
  wait_ready 3
  t1=$(now_ms)
  until curl -sf "$(http 3)/admin/status" | jq -e '.local_keys_exact != false' >/dev/null; do sleep 0.05; done
  t2=$(now_ms)
  keys=$(curl -sf "$(http 3)/admin/status" | jq .local_keys)
  node_ready+=("$(seconds $((t1 - t0)))"); node_counted+=("$(seconds $((t2 - t0)))")
  log "node3 restart run $run: ready in $(seconds $((t1 - t0))) s, $keys keys counted after $(seconds $((t2 - t0))) s (load $(load))"
done

echo "start-up, $(date -u +%Y-%m-%d), $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
summary "new cluster, cold (cache dropped)" "${cold[@]}"
summary "new cluster, warm" "${warm[@]}"
summary "cluster restart, node3 $KEYS keys" "${restart[@]}"
summary "node3 restart ($KEYS keys): ready" "${node_ready[@]}"
summary "node3 restart: keys counted" "${node_counted[@]}"
