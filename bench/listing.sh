#!/usr/bin/env bash
# Listing at scale: three local nodes each holding KEYS keys (RF 3, so every node holds every key;
# written offline by bench/FillStore), then every key listed through GET /keys in pages of PAGE
# at quorum. Reports keys listed per second and, per node, its RSS idle (after a warm-up listing
# of one page) and the most it reached during the listing.
#
#   bench/listing.sh [--keys N] [--page N] [--port-offset N] [--keep]
set -euo pipefail

KEYS=1000000
PAGE=1000
OFFSET=3300
KEEP=0
while (($#)); do
  case "$1" in
    --keys) KEYS="$2"; shift 2 ;;
    --page) PAGE="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/bench/lib.sh"
bench_prologue listing
FILL="$ROOT/bench/FillStore/bin/Release/net10.0/OrleansKv.FillStore"
local_nodes $((8000 + OFFSET)) $((11110 + OFFSET)) $((30000 + OFFSET))
DATA="$WORK/data"
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

log "forming a 3-node cluster, then stopping it to fill the stores"
for k in 1 2 3; do start_node "$k" "$DATA"; wait_ready "$k"; done
stop_processes "${NODE_PID[@]}"
for k in 1 2 3; do "$FILL" "$DATA/node$k" "$KEYS" 100 "list:" >/dev/null; done
log "filled $KEYS keys on each node"
for k in 1 2 3; do start_node "$k" "$DATA"; done
for k in 1 2 3; do wait_ready "$k"; done
curl -sf "$(http 1)/keys?prefix=list:&limit=$PAGE" >/dev/null
sleep 10
declare -A idle=() peak=()
for k in 1 2 3; do idle[$k]=$(rss_mb "${NODE_PID[$k]}"); peak[$k]=${idle[$k]}; done

log "listing every key, $PAGE a page, through node1 at quorum"
listed=0; pages=0; cursor=""; start=$(date +%s%N)
while :; do
  body=$(curl -sf "$(http 1)/keys?prefix=list:&limit=$PAGE${cursor:+&cursor=$cursor}")
  listed=$((listed + $(jq '.keys | length' <<<"$body")))
  pages=$((pages + 1))
  if ((pages % 50 == 0)); then
    for k in 1 2 3; do r=$(rss_mb "${NODE_PID[$k]}"); ((r > peak[$k])) && peak[$k]=$r; done
  fi
  cursor=$(jq -r '.next_cursor // empty' <<<"$body")
  [ -n "$cursor" ] || break
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
for k in 1 2 3; do r=$(rss_mb "${NODE_PID[$k]}"); ((r > peak[$k])) && peak[$k]=$r; done

echo "listed $listed keys in $pages pages in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s: $((listed * 1000 / (elapsed_ms > 0 ? elapsed_ms : 1))) keys/s"
for k in 1 2 3; do echo "node$k RSS idle ${idle[$k]} MB, peak ${peak[$k]} MB, growth $((peak[$k] - idle[$k])) MB"; done
