#!/usr/bin/env bash
# One-command comparison on this machine: builds OrleansKv in Release, starts a local 3-node
# cluster (RF 3, --port-offset 2000), a 3-member etcd cluster, one Redis and an empty ASP.NET
# endpoint (the HTTP ceiling), all on 127.0.0.1; drives the HTTP servers with the same wrk
# scripts (bench/wrk), Redis with redis-benchmark, and the Orleans client with bench/OrleansKv.Bench;
# then prints one table of ops/s and p99 with the ratios the targets are stated in.
# Every server it starts is stopped by PID on exit.
#
# Usage: bench/compare.sh [--duration SECONDS] [--rounds N] [--warmup SECONDS] [--connections N] [--rss-keys N] [--keep]
#   --duration     seconds per measured run (default 10)
#   --rounds       alternating rounds of our HTTP workloads and the empty endpoint; best of each (default 3)
#   --warmup       seconds of load before the first measured round (default 20)
#   --connections  HTTP connections per wrk run (default 32; rounded up to a multiple of wrk's 3 threads)
#   --rss-keys     keys loaded (at `one`, 100-byte values) before reading each node's VmRSS; 0 skips (default 1000000)
#   --keep         keep the work directory (data, logs, raw outputs) instead of deleting it
set -euo pipefail

DURATION=10
ROUNDS=3
WARMUP=20
CONNECTIONS=32
RSS_KEYS=1000000
KEEP=0
KEYS=10000
VALUE_SIZE=100
while (($#)); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rss-keys) RSS_KEYS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
WORK="$(mktemp -d /tmp/orleanskv-compare.XXXXXX)"
PORT_OFFSET=2000
KV_HTTP=(10001 10002 10003)          # 8000+K+offset
KV_GATEWAYS=(32001 32002 32003)      # 30000+K+offset
EMPTY_PORT=10099
ETCD_CLIENT=(23791 23792 23793)
ETCD_PEER=(23801 23802 23803)
REDIS_PORT=6390
WRK_THREADS=3
WRK_CONNECTIONS=$(( (CONNECTIONS + WRK_THREADS - 1) / WRK_THREADS * WRK_THREADS ))
BENCH="$ROOT/bench/OrleansKv.Bench/bin/Release/net10.0/OrleansKv.Bench"
PIDS=()

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  stop_processes "${PIDS[@]}"
  if ((KEEP)); then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Polls a command until it succeeds or SECONDS pass.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out waiting for $what"; return 1; fi
    sleep 0.1
  done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == ">=") ? v >= t : v <= t; print (v == "n/a" ? "n/a" : ok ? "met" : "MISSED") }'; }

# ---------------------------------------------------------------- tools and build
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v etcdctl >/dev/null || missing+=(etcd-client)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-benchmark >/dev/null || missing+=(redis-tools)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log "building in Release"
dotnet build -c Release "$ROOT/OrleansKv.sln" -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }

read -r LOAD1 _ < /proc/loadavg
log "load average before starting servers: $LOAD1 on $(nproc) cores"

# ---------------------------------------------------------------- servers
log "starting the OrleansKv cluster (3 nodes, RF 3, port offset $PORT_OFFSET)"
launch_ns=$(date +%s%N)
"$ROOT/Silo/bin/Release/net10.0/OrleansKv.Silo" --cluster --data-dir "$WORK/orleanskv" --port-offset "$PORT_OFFSET" \
  >"$WORK/cluster.log" 2>&1 &
PIDS+=($!)
until grep -q "Press Ctrl-C" "$WORK/cluster.log"; do
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/cluster.log"; exit 1; }
  (( $(date +%s%N) - launch_ns < 60000000000 )) || { log "cluster not ready after 60 s"; cat "$WORK/cluster.log"; exit 1; }
  sleep 0.02
done
READY_S=$(awk -v ns=$(( $(date +%s%N) - launch_ns )) 'BEGIN { printf "%.1f", ns / 1e9 }')
mapfile -t NODE_PIDS < <(awk '/^node[0-9]+ +[0-9]+ / { print $2 }' "$WORK/cluster.log")
log "cluster ready in $READY_S s (node PIDs ${NODE_PIDS[*]})"

log "starting the empty endpoint on $EMPTY_PORT"
dotnet "$ROOT/bench/EmptyEndpoint/bin/Release/net10.0/OrleansKv.EmptyEndpoint.dll" --urls "http://127.0.0.1:$EMPTY_PORT" \
  >"$WORK/empty.log" 2>&1 &
PIDS+=($!)

log "starting etcd (3 members, client ${ETCD_CLIENT[*]}, default fsync on every commit)"
initial_cluster=""
for i in 0 1 2; do initial_cluster+="${initial_cluster:+,}e$((i + 1))=http://127.0.0.1:${ETCD_PEER[$i]}"; done
for i in 0 1 2; do
  etcd --name "e$((i + 1))" --data-dir "$WORK/etcd/e$((i + 1))" \
    --listen-client-urls "http://127.0.0.1:${ETCD_CLIENT[$i]}" --advertise-client-urls "http://127.0.0.1:${ETCD_CLIENT[$i]}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER[$i]}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER[$i]}" \
    --initial-cluster "$initial_cluster" --initial-cluster-state new --initial-cluster-token orleanskv-bench \
    --log-level error >"$WORK/etcd-e$((i + 1)).log" 2>&1 &
  PIDS+=($!)
done

log "starting Redis on $REDIS_PORT (no config file: RDB snapshot defaults, AOF off)"
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

ETCD_ENDPOINTS=$(printf 'http://127.0.0.1:%s,' "${ETCD_CLIENT[@]}"); ETCD_ENDPOINTS=${ETCD_ENDPOINTS%,}
wait_for "the empty endpoint" 30 curl -sf "http://127.0.0.1:$EMPTY_PORT/keys/x"
wait_for "etcd" 30 etcdctl --endpoints "$ETCD_ENDPOINTS" endpoint health
wait_for "Redis" 30 redis-cli -p "$REDIS_PORT" ping

# ---------------------------------------------------------------- runs
declare -A RPS P99
# run_wrk NAME SCRIPT URL TARGETS CONNECTIONS [ENV=VALUE...]: records RPS[NAME] and P99[NAME] (ms).
run_wrk() {
  local name="$1" script="$2" url="$3" targets="$4" connections="$5"; shift 5
  cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/$script" >"$WORK/$name.lua"
  log "wrk $name: -t $WRK_THREADS -c $connections -d ${DURATION}s"
  env WRK_TARGETS="$targets" WRK_KEYS="$KEYS" WRK_VALUE_SIZE="$VALUE_SIZE" "$@" \
    wrk -t "$WRK_THREADS" -c "$connections" -d "${DURATION}s" -s "$WORK/$name.lua" "$url" >"$WORK/$name.out" 2>&1
  local line; line=$(grep '^WRK_RESULT' "$WORK/$name.out")
  RPS[$name]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
  P99[$name]=$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line" | awk '{ printf "%.2f", $1 / 1000 }')
  local errors; errors=$(sed -E 's/.*non2xx=([0-9]+) connect=([0-9]+) read=([0-9]+) write=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/' <<<"$line" | awk '{ print $1 + $2 + $3 + $4 + $5 }')
  ERRORS[$name]=$(( ${ERRORS[$name]:-0} + errors ))
}
declare -A ERRORS

KV_TARGETS=$(printf '127.0.0.1:%s,' "${KV_HTTP[@]}"); KV_TARGETS=${KV_TARGETS%,}
ETCD_TARGETS=$(printf '127.0.0.1:%s,' "${ETCD_CLIENT[@]}"); ETCD_TARGETS=${ETCD_TARGETS%,}
KV_URL="http://127.0.0.1:${KV_HTTP[0]}"
ETCD_URL="http://127.0.0.1:${ETCD_CLIENT[0]}"
EMPTY_URL="http://127.0.0.1:$EMPTY_PORT"

# Warm-up, not recorded: 20 s of PUT and GET on the cluster and the empty endpoint, one after the
# other. After 5 s the first measured rounds ran at half speed: the JIT's tier-1 code, dynamic PGO,
# the thread pool's size and RocksDB's memtable all settle over the first 10-20 s of load.
log "preloading $KEYS keys into OrleansKv (bench tool, load at quorum)"
"$BENCH" --targets "$(printf 'http://127.0.0.1:%s,' "${KV_HTTP[@]}")" --workload load --consistency quorum --keys "$KEYS" \
  --value-size "$VALUE_SIZE" >"$WORK/preload.out"
log "warming up for ${WARMUP}s"
warm_each=$(( (WARMUP + 3) / 4 ))
for url in "$EMPTY_URL" "$KV_URL"; do
  for script in kv-put.lua kv-get.lua; do
    cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/$script" >"$WORK/warm.lua"
    env WRK_TARGETS="$( [[ $url == "$KV_URL" ]] && echo "$KV_TARGETS" )" WRK_KEYS="$KEYS" \
      wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "${warm_each}s" -s "$WORK/warm.lua" "$url" >/dev/null 2>&1
  done
done

# Rounds alternate every workload (the empty endpoint too), so a minute in which the machine is
# busier slows all of them alike and the ratios hold; each workload's best round is reported,
# and the spread (worst / best) shows how noisy the run was.
ROUND_NAMES=(empty_put empty_get kv_put_quorum kv_get_quorum kv_get_one)
declare -A BEST_RPS BEST_P99 WORST_RPS
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round of $ROUNDS"
  run_wrk empty_put kv-put.lua "$EMPTY_URL" "" "$WRK_CONNECTIONS"
  run_wrk kv_put_quorum kv-put.lua "$KV_URL" "$KV_TARGETS" "$WRK_CONNECTIONS" WRK_LEVEL=quorum
  run_wrk kv_get_quorum kv-get.lua "$KV_URL" "$KV_TARGETS" "$WRK_CONNECTIONS" WRK_LEVEL=quorum
  run_wrk empty_get kv-get.lua "$EMPTY_URL" "" "$WRK_CONNECTIONS"
  run_wrk kv_get_one kv-get.lua "$KV_URL" "$KV_TARGETS" "$WRK_CONNECTIONS" WRK_LEVEL=one
  for name in "${ROUND_NAMES[@]}"; do
    echo "round $round $name ${RPS[$name]} ${P99[$name]}" >>"$WORK/rounds.txt"
    if [[ -z "${BEST_RPS[$name]:-}" ]] || awk -v a="${RPS[$name]}" -v b="${BEST_RPS[$name]}" 'BEGIN { exit !(a > b) }'; then
      BEST_RPS[$name]=${RPS[$name]}; BEST_P99[$name]=${P99[$name]}
    fi
    if [[ -z "${WORST_RPS[$name]:-}" ]] || awk -v a="${RPS[$name]}" -v b="${WORST_RPS[$name]}" 'BEGIN { exit !(a < b) }'; then
      WORST_RPS[$name]=${RPS[$name]}
    fi
  done
done
for name in "${ROUND_NAMES[@]}"; do RPS[$name]=${BEST_RPS[$name]}; P99[$name]=${BEST_P99[$name]}; done

# p99 at about half the peak: wrk 4.1 has no rate limit (-R is wrk2's), so each of the same
# connections waits a random think time (wrk's delay() hook, uniform, mean = connections / (peak/2))
# before each request; think time is not counted in latency. The achieved rate is printed.
HALF_DELAY_MS=$(awk -v c="$WRK_CONNECTIONS" -v p="${RPS[kv_put_quorum]}" 'BEGIN { printf "%.3f", c / (p / 2) * 1000 }')
run_wrk kv_put_half kv-put.lua "$KV_URL" "$KV_TARGETS" "$WRK_CONNECTIONS" WRK_LEVEL=quorum WRK_DELAY_MS="$HALF_DELAY_MS"

run_wrk etcd_put etcd.lua "$ETCD_URL" "$ETCD_TARGETS" "$WRK_CONNECTIONS" WRK_ETCD_OP=put
run_wrk etcd_range_linearizable etcd.lua "$ETCD_URL" "$ETCD_TARGETS" "$WRK_CONNECTIONS" WRK_ETCD_OP=range WRK_LEVEL=quorum
run_wrk etcd_range_serializable etcd.lua "$ETCD_URL" "$ETCD_TARGETS" "$WRK_CONNECTIONS" WRK_ETCD_OP=range WRK_LEVEL=one

log "redis-benchmark -c 50 -t set,get -d $VALUE_SIZE -r $KEYS"
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c 50 -t set,get -d "$VALUE_SIZE" -r "$KEYS" -n $((DURATION * 60000)) --csv \
  >"$WORK/redis.out" 2>/dev/null
for test in SET GET; do
  name="redis_$(tr '[:upper:]' '[:lower:]' <<<"$test")"
  line=$(grep "^\"$test\"" "$WORK/redis.out")
  RPS[$name]=$(awk -F'"' '{ print $4 }' <<<"$line")
  P99[$name]=$(awk -F'"' '{ print $14 }' <<<"$line")
  ERRORS[$name]=0
done

log "bench tool: Orleans client PUT at quorum, $CONNECTIONS loops"
"$BENCH" --driver orleans --targets "$(printf '127.0.0.1:%s,' "${KV_GATEWAYS[@]}")" --workload write --consistency quorum \
  --concurrency "$CONNECTIONS" --keys "$KEYS" --value-size "$VALUE_SIZE" --duration "$DURATION" --warmup 2 \
  --json "$WORK/orleans.json" >"$WORK/orleans.out"
RPS[orleans_put_quorum]=$(jq '.runs[-1].ops_per_second' "$WORK/orleans.json")
P99[orleans_put_quorum]=$(jq '.runs[-1].latency.p99_ms' "$WORK/orleans.json")
ERRORS[orleans_put_quorum]=$(jq '.runs[-1].error_count' "$WORK/orleans.json")

rss_mb() { awk '/^VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }
RSS_BEFORE=$(for pid in "${NODE_PIDS[@]}"; do rss_mb "$pid"; done | sort -n | tail -1)
RSS_AFTER=""
if ((RSS_KEYS > 0)); then
  log "loading $RSS_KEYS keys at one through the Orleans client, then reading VmRSS"
  load_start=$SECONDS
  "$BENCH" --driver orleans --targets "$(printf '127.0.0.1:%s,' "${KV_GATEWAYS[@]}")" --workload load --consistency one \
    --concurrency 64 --keys "$RSS_KEYS" --key-prefix rss: --value-size "$VALUE_SIZE" --json "$WORK/rss-load.json" >"$WORK/rss-load.out"
  RSS_LOAD_S=$((SECONDS - load_start))
  RSS_LOAD_ERRORS=$(jq '.runs[-1].error_count' "$WORK/rss-load.json")
  RSS_PER_NODE=$(for pid in "${NODE_PIDS[@]}"; do rss_mb "$pid"; done | paste -sd' ')
  RSS_AFTER=$(tr ' ' '\n' <<<"$RSS_PER_NODE" | sort -n | tail -1)
fi

# ---------------------------------------------------------------- report
row() { printf '%-44s %12s %9s %8s\n' "$1" "${RPS[$2]}" "${P99[$2]}" "${ERRORS[$2]}"; }
echo
echo "OrleansKv comparison, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
  "${DURATION} s per run, $KEYS keys, $VALUE_SIZE-byte values, wrk -t $WRK_THREADS -c $WRK_CONNECTIONS"
printf '%-44s %12s %9s %8s\n' "run" "ops/s" "p99 ms" "errors"
row "empty endpoint PUT (HTTP ceiling)" empty_put
row "empty endpoint GET (HTTP ceiling)" empty_get
row "OrleansKv HTTP PUT quorum" kv_put_quorum
row "OrleansKv HTTP GET quorum" kv_get_quorum
row "OrleansKv HTTP GET one" kv_get_one
row "OrleansKv HTTP PUT quorum, paced to ~half" kv_put_half
row "etcd put (3 members)" etcd_put
row "etcd range, linearizable" etcd_range_linearizable
row "etcd range, serializable" etcd_range_serializable
row "Redis SET (redis-benchmark -c 50)" redis_set
row "Redis GET (redis-benchmark -c 50)" redis_get
row "OrleansKv Orleans-client PUT quorum (-c $CONNECTIONS)" orleans_put_quorum

target() { printf '%-44s %9s %-10s %s\n' "$1" "$2" "$3" "$(verdict "$2" "$4" "$5")"; }
echo
echo "HTTP rows: best of $ROUNDS alternating rounds; errors summed over the rounds. Spread (worst / best round):"
for name in "${ROUND_NAMES[@]}"; do printf '  %s %s' "$name" "$(ratio "${WORST_RPS[$name]}" "${BEST_RPS[$name]}")"; done
echo
echo
printf '%-44s %9s %-10s %s\n' "target" "measured" "goal" "verdict"
target "HTTP PUT quorum / HTTP GET quorum" "$(ratio "${RPS[kv_put_quorum]}" "${RPS[kv_get_quorum]}")" ">= 0.90" 0.90 ">="
target "HTTP PUT quorum / empty PUT" "$(ratio "${RPS[kv_put_quorum]}" "${RPS[empty_put]}")" ">= 0.50" 0.50 ">="
target "HTTP PUT quorum / etcd put" "$(ratio "${RPS[kv_put_quorum]}" "${RPS[etcd_put]}")" ">= 6x" 6 ">="
target "HTTP GET quorum / empty GET" "$(ratio "${RPS[kv_get_quorum]}" "${RPS[empty_get]}")" ">= 0.65" 0.65 ">="
target "HTTP GET one / empty GET" "$(ratio "${RPS[kv_get_one]}" "${RPS[empty_get]}")" ">= 0.80" 0.80 ">="
target "Orleans-client PUT quorum / Redis SET" "$(ratio "${RPS[orleans_put_quorum]}" "${RPS[redis_set]}")" ">= 0.30" 0.30 ">="
target "p99 ms, HTTP PUT quorum at ~half load" "${P99[kv_put_half]}" "<= 5 ms" 5 "<="
echo "  (half load: mean think time $HALF_DELAY_MS ms per connection gave ${RPS[kv_put_half]} ops/s = $(ratio "${RPS[kv_put_half]}" "${RPS[kv_put_quorum]}") of peak)"
if [[ -n "$RSS_AFTER" ]]; then
  target "RSS MB of a node holding $RSS_KEYS keys" "$RSS_AFTER" "< 500 MB" 500 "<="
  echo "  (per node: ${RSS_PER_NODE}MB; before loading: max ${RSS_BEFORE} MB; load took ${RSS_LOAD_S} s, ${RSS_LOAD_ERRORS} errors)"
fi
target "cluster ready from launch, s" "$READY_S" "< 5 s" 5 "<="
read -r LOAD1 _ < /proc/loadavg
echo "  (load average at the end: $LOAD1; other processes on this machine skew every number)"
