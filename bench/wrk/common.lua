-- Shared by every wrk script of bench/compare.sh (concatenated in front of it).
-- WRK_TARGETS="127.0.0.1:10001,127.0.0.1:10002": wrk thread i connects to target i mod n, so a
-- multi-node server gets the same share of connections on each node. Without it, every thread
-- uses the URL's host. WRK_KEYS is the key space (keys "bench:0" .. "bench:N-1", uniform).
-- done() prints one machine-readable line "WRK_RESULT k=v ...", latencies in microseconds.

local addrs = {}
local threads = 0

function setup(thread)
  if #addrs == 0 and os.getenv("WRK_TARGETS") then
    for target in string.gmatch(os.getenv("WRK_TARGETS"), "[^,]+") do
      local host, port = string.match(target, "^(.+):(%d+)$")
      for _, addr in ipairs(wrk.lookup(host, port)) do
        table.insert(addrs, addr)
        break
      end
    end
  end
  if #addrs > 0 then
    thread.addr = addrs[(threads % #addrs) + 1]
  end
  thread:set("thread_id", threads)
  threads = threads + 1
end

key_count = tonumber(os.getenv("WRK_KEYS") or "10000")
value_size = tonumber(os.getenv("WRK_VALUE_SIZE") or "100")
level = os.getenv("WRK_LEVEL") or "quorum"

function random_key()
  return "bench:" .. math.random(0, key_count - 1)
end

function init(args)
  math.randomseed(1000003 * ((thread_id or 0) + 1) + os.time())
  if prepare then prepare() end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end

-- WRK_DELAY_MS: mean think time before each request (uniform in [0, 2x]), to pace a closed loop
-- below its peak; wrk does not count it in latency.
local think_ms = tonumber(os.getenv("WRK_DELAY_MS") or "")
if think_ms then
  function delay()
    return math.floor(math.random() * 2 * think_ms + 0.5)
  end
end
