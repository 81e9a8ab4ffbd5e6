#!/usr/bin/env bash
# Conditional writes against plain writes, in one run on three local nodes (RF 3): the bench
# tool's Orleans driver runs quorum PUT and cas (a serial read, then a compare-and-set of the
# value plus one) alternately, --rounds times each, on 10,000 keys and on one hot key, after a
# --warmup of both; then serial reads beside quorum reads; then cas on 10,000 keys at a fixed
# --half-concurrency (a closed loop: fewer loops, a lower rate) for its p99 below peak load.
# Prints every run's line from the bench tool; the table in docs/benchmarks.md is made from it.
#
#   bench/cas.sh [--rounds 3] [--duration 10] [--warmup 20] [--concurrency 32] [--half-concurrency 4] [--port-offset 3400] [--keep]
set -euo pipefail

ROUNDS=3
DURATION=10
WARMUP=20
CONCURRENCY=32
HALF=4
OFFSET=3400
KEEP=0
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --half-concurrency) HALF="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/bench/lib.sh"
bench_prologue cas
local_nodes $((8000 + OFFSET)) $((11110 + OFFSET)) $((30000 + OFFSET))
for k in 1 2 3; do start_node "$k" "$WORK/data"; done
for k in 1 2 3; do wait_ready "$k"; done

run() { # run KEYS WORKLOAD LEVEL DURATION WARMUP CONCURRENCY [more args]
  local keys="$1" workload="$2" level="$3" duration="$4" warmup="$5" loops="$6"; shift 6
  "$BENCH" --driver orleans --port-offset "$OFFSET" --workload "$workload" --consistency "$level" --keys "$keys" \
    --key-prefix "cas$keys:" --duration "$duration" --warmup "$warmup" --concurrency "$loops" "$@" 2>&1 |
    grep -E ' @|ops/s|errors|latency ms'
}

log "warming up ${WARMUP} s (quorum PUT and cas)"
run 10000 write,cas quorum $((WARMUP / 2)) 2 "$CONCURRENCY" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  run 10000 write,cas quorum "$DURATION" 2 "$CONCURRENCY"
  run 1 write,cas quorum "$DURATION" 2 "$CONCURRENCY"
done
log "serial reads beside quorum reads"
run 10000 read quorum,serial "$DURATION" 2 "$CONCURRENCY" --preload
log "cas at $HALF loops"
run 10000 cas quorum "$DURATION" 2 "$HALF"
