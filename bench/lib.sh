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
