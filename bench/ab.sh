#!/usr/bin/env bash
# A/B of the data path: the cluster built from BASE (default main's first parent: HEAD~1) against
# the working tree, both running at once on 127.0.0.1 (A on port offset 2000, B on 3000), so both
# see the same machine. Each is warmed up for --warmup seconds (default 20: the first rounds after
# a short warm-up ran at half speed while the JIT and tiering settled), then rounds alternate
# A, B, B, A, ... for PUT quorum and GET quorum with wrk (3 threads, 33 connections, thread i on
# node i). Prints every round, each side's best, and B/A ratios of the best and of the medians.
# --workloads picks what the rounds run, as OPERATION:LEVEL words (default "put:quorum get:quorum").
# --env-a / --env-b add VAR=VALUE settings to one side's processes (with --base HEAD, an A/B of a
# setting alone, e.g. --env-b OrleansKv__Experimental__ReadFanout=Required).
#
#   bench/ab.sh [--base REF] [--rounds N] [--duration S] [--warmup S] [--workloads "put:quorum get:one"]
#               [--env-a "VAR=VALUE ..."] [--env-b "VAR=VALUE ..."] [--keep]
set -euo pipefail

BASE=HEAD~1
ROUNDS=3
DURATION=10
WARMUP=20
KEEP=0
KEYS=10000
WORKLOADS="put:quorum get:quorum"
ENV_A=""
ENV_B=""
while (($#)); do
  case "$1" in
    --base) BASE="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --workloads) WORKLOADS="$2"; shift 2 ;;
    --env-a) ENV_A="$2"; shift 2 ;;
    --env-b) ENV_B="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
WORK="$(mktemp -d /tmp/orleanskv-ab.XXXXXX)"
PIDS=()
log() { printf '[ab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  stop_processes "${PIDS[@]}"
  git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true
  if ((KEEP)); then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

log "building A = $BASE ($(git -C "$ROOT" rev-parse --short "$BASE")) and B = working tree, Release"
git -C "$ROOT" worktree add --detach "$WORK/base" "$BASE" >/dev/null 2>&1
dotnet build -c Release "$WORK/base/Silo/Silo.csproj" -nologo -v quiet >"$WORK/build-a.log" 2>&1 || { tail -20 "$WORK/build-a.log"; exit 1; }
dotnet build -c Release "$ROOT/Silo/Silo.csproj" -nologo -v quiet >"$WORK/build-b.log" 2>&1 || { tail -20 "$WORK/build-b.log"; exit 1; }

start_cluster() {
  local name="$1" tree="$2" offset="$3" settings="$4"
  # shellcheck disable=SC2086 # settings are VAR=VALUE words
  env $settings "$tree/Silo/bin/Release/net10.0/OrleansKv.Silo" --cluster --data-dir "$WORK/data-$name" --port-offset "$offset" >"$WORK/cluster-$name.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 90))
  until grep -q "Press Ctrl-C" "$WORK/cluster-$name.log"; do
    ((SECONDS < deadline)) || { log "cluster $name not ready"; cat "$WORK/cluster-$name.log"; exit 1; }
    sleep 0.2
  done
}
log "starting both clusters"
start_cluster a "$WORK/base" 2000 "$ENV_A"
start_cluster b "$ROOT" 3000 "$ENV_B"
declare -A NODES
for side in a b; do NODES[$side]=$(awk '/^node[0-9]+ +[0-9]+ / { print $2 }' "$WORK/cluster-$side.log" | paste -sd' '); done

# CPU time (user + system, clock ticks) of one side's node processes: CPU per request is less
# disturbed by other load on the machine than the rate is.
cpu_ticks() { local pid total=0; for pid in ${NODES[$1]}; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done; echo "$total"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

targets() { echo "127.0.0.1:$((8001 + $1)),127.0.0.1:$((8002 + $1)),127.0.0.1:$((8003 + $1))"; }
declare -A OFFSET=([a]=2000 [b]=3000)
run() {  # run NAME SIDE SCRIPT LEVEL SECONDS -> prints rps, p99 ms and the nodes' CPU microseconds per request
  local name="$1" side="$2" script="$3" level="$4" seconds="$5"
  local ticks; ticks=$(cpu_ticks "$side")
  cat "$ROOT/bench/wrk/common.lua" "$ROOT/bench/wrk/$script" >"$WORK/$script"
  env WRK_TARGETS="$(targets "${OFFSET[$side]}")" WRK_KEYS="$KEYS" WRK_LEVEL="$level" \
    wrk -t 3 -c 33 -d "${seconds}s" -s "$WORK/$script" "http://127.0.0.1:$((8001 + ${OFFSET[$side]}))" >"$WORK/$name.out" 2>&1
  ticks=$(( $(cpu_ticks "$side") - ticks ))
  local line; line=$(grep '^WRK_RESULT' "$WORK/$name.out")
  local requests; requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
  echo "$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line") $(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line" | awk '{ printf "%.2f", $1 / 1000 }')" \
    "$(awk -v t="$ticks" -v us="$TICK_US" -v r="$requests" 'BEGIN { printf "%.0f", (r > 0 ? t * us / r : 0) }')"
}

for side in a b; do
  log "warming up $side: ${WARMUP}s of PUT quorum, then ${WARMUP}s of GET quorum"
  run "warm-put-$side" "$side" kv-put.lua quorum "$WARMUP" >/dev/null
  run "warm-get-$side" "$side" kv-get.lua quorum "$WARMUP" >/dev/null
done

declare -A RESULTS CPU
printf '%-6s %-12s %-5s %10s %8s %10s\n' round workload side ops/s p99_ms cpu_us/op
for round in $(seq 1 "$ROUNDS"); do
  order=(a b); ((round % 2 == 0)) && order=(b a)
  for workload in $WORKLOADS; do
    for side in "${order[@]}"; do
      read -r rps p99 cpu < <(run "r$round-${workload/:/-}-$side" "$side" "kv-${workload%%:*}.lua" "${workload##*:}" "$DURATION")
      RESULTS[$workload-$side]+="$rps "
      CPU[$workload-$side]+="$cpu "
      printf '%-6s %-12s %-5s %10s %8s %10s\n' "$round" "$workload" "$side" "$rps" "$p99" "$cpu"
    done
  done
done

stat() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk -v what="$2" '{ v[NR] = $1 } END { if (what == "best") print v[NR]; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
printf '%-12s %12s %12s %10s %12s %14s\n' workload "A best" "B best" "B/A best" "B/A median" "cpu/op B/A med"
for workload in $WORKLOADS; do
  a=${RESULTS[$workload-a]}; b=${RESULTS[$workload-b]}
  printf '%-12s %12s %12s %10s %12s %14s\n' "$workload" "$(stat "$a" best)" "$(stat "$b" best)" \
    "$(awk -v x="$(stat "$b" best)" -v y="$(stat "$a" best)" 'BEGIN { printf "%.3f", x / y }')" \
    "$(awk -v x="$(stat "$b" median)" -v y="$(stat "$a" median)" 'BEGIN { printf "%.3f", x / y }')" \
    "$(awk -v x="$(stat "${CPU[$workload-b]}" median)" -v y="$(stat "${CPU[$workload-a]}" median)" 'BEGIN { printf "%.3f", x / y }')"
done
echo "(rates: higher is better; CPU per operation, the nodes' user + system time: lower is better)"
