# Shared by the bench scripts (sourced): stopping what they started.

# stop_processes PID...: SIGTERM each, give each up to 30 s to exit cleanly, then SIGKILL.
stop_processes() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# bench_prologue NAME: what every node-launching bench script starts with. Sets WORK (a fresh
# temporary directory, removed on exit unless KEEP=1), SILO and BENCH (the built binaries) and
# NODE_PID (node number -> pid, every one stopped on exit), defines log(), installs wrk, jq and
# curl if missing, and builds the solution in Release (unless BENCH_NO_BUILD=1: the binaries are built already).
bench_prologue() {
  BENCH_NAME="$1"
  WORK="$(mktemp -d "/tmp/orleanskv-$BENCH_NAME.XXXXXX")"
  SILO="$ROOT/Silo/bin/Release/net10.0/OrleansKv.Silo"
  BENCH="$ROOT/bench/OrleansKv.Bench/bin/Release/net10.0/OrleansKv.Bench"
  declare -gA NODE_PID=()
  log() { printf '[%s %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
  bench_cleanup() {
    stop_processes "${NODE_PID[@]}"
    if ((${KEEP:-0})); then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  }
  trap bench_cleanup EXIT
  local tool
  for tool in wrk jq curl; do
    command -v "$tool" >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk jq curl >/dev/null; }
  done
  if ((${BENCH_NO_BUILD:-0})); then return; fi
  log "building in Release"
  dotnet build -c Release "$ROOT/OrleansKv.sln" -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
}

# local_nodes HTTP_BASE SILO_BASE GATEWAY_BASE: defines, for nodes on 127.0.0.1 with ports BASE+K,
#   http K                          the node's base URL
#   start_node K DATA_DIR [args...] starts node K in the background (log in $WORK/nodeK.log, pid in NODE_PID)
#   wait_ready K                    waits up to 120 s for its /health/ready
local_nodes() {
  NODE_HTTP_BASE="$1" NODE_SILO_BASE="$2" NODE_GATEWAY_BASE="$3"
  http() { echo "http://127.0.0.1:$((NODE_HTTP_BASE + $1))"; }
  start_node() {
    local k="$1" data="$2"; shift 2
    "$SILO" node --node-id "$k" --data-dir "$data" --http-port $((NODE_HTTP_BASE + k)) --silo-port $((NODE_SILO_BASE + k)) \
      --gateway-port $((NODE_GATEWAY_BASE + k)) "$@" >>"$WORK/node$k.log" 2>&1 &
    NODE_PID[$k]=$!
  }
  wait_ready() {
    local k="$1" deadline=$((SECONDS + 120))
    until curl -sf "$(http "$k")/health/ready" >/dev/null; do
      ((SECONDS < deadline)) || { log "node$k not ready"; tail -20 "$WORK/node$k.log"; exit 1; }
      sleep 0.2
    done
  }
}
