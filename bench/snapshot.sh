#!/usr/bin/env bash
# Snapshot at scale: three local nodes each holding KEYS keys (RF 3, so every node holds every key;
# written offline by bench/FillStore, as bench/listing.sh does), then one cluster-wide snapshot
# (POST /admin/snapshots) timed from the request until every node's part is done. Reports each
# node's checkpoint time (from its log), checkpoint size, the disk the snapshots hold beyond the
# live data (snapshot_bytes in /admin/status, and du), then the time of `restore --cluster`.
#
#   bench/snapshot.sh [--keys N] [--port-offset N] [--keep]     (BENCH_NO_BUILD=1 skips the build)
set -euo pipefail

KEYS=1000000
OFFSET=3400
KEEP=0
while (($#)); do
  case "$1" in
    --keys) KEYS="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/bench/lib.sh"
bench_prologue snapshot
FILL="$ROOT/bench/FillStore/bin/Release/net10.0/OrleansKv.FillStore"
local_nodes $((8000 + OFFSET)) $((11110 + OFFSET)) $((30000 + OFFSET))
DATA="$WORK/data"
now_ms() { echo $(($(date +%s%N) / 1000000)); }

log "forming a 3-node cluster, then stopping it to fill the stores"
for k in 1 2 3; do start_node "$k" "$DATA"; wait_ready "$k"; done
stop_processes "${NODE_PID[@]}"
for k in 1 2 3; do "$FILL" "$DATA/node$k" "$KEYS" 100 "snap:" >/dev/null; done
log "filled $KEYS keys on each node"
for k in 1 2 3; do start_node "$k" "$DATA"; done
for k in 1 2 3; do wait_ready "$k"; done

log "taking a snapshot through node1"
start=$(now_ms)
id=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"name": "bench"}' "$(http 1)/admin/snapshots" | jq -r .id)
until curl -sf "$(http 1)/admin/snapshots" | jq -e --arg id "$id" '.snapshots[] | select(.id == $id) | all(.nodes[]; .state == "done")' >/dev/null; do
  sleep 0.05
done
elapsed=$(($(now_ms) - start))
echo "snapshot $id of $KEYS keys per node: every part done $elapsed ms after the request"
curl -sf "$(http 1)/admin/snapshots" | jq -r --arg id "$id" '.snapshots[] | select(.id == $id) | .nodes[] | "\(.node_id) checkpoint \(.bytes) bytes"'
for k in 1 2 3; do
  grep -o "took its checkpoint for snapshot $id: .*" "$WORK/node$k.log" | sed "s/^/node$k /" || true
  # One du over both: a file linked from both is counted under kv only, so the second line is what the snapshots add.
  read -r live added < <(du -sb "$DATA/node$k/kv" "$DATA/node$k/snapshots" | cut -f1 | paste -sd' ')
  echo "node$k snapshot_bytes $(curl -sf "$(http "$k")/admin/status" | jq .snapshot_bytes); du: live kv $live bytes, snapshots add $added"
done

stop_processes "${NODE_PID[@]}"
start=$(now_ms)
"$SILO" restore --snapshot "$id" --cluster --data-dir "$DATA" >/dev/null
echo "restore --cluster of 3 nodes: $(($(now_ms) - start)) ms (process start included)"
