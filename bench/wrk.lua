-- Requests a random line of BENCH_PATHS ("path" or "path<TAB>etag") each time and prints
-- one parseable summary line at the end (latencies in microseconds).
local entries = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  local path, etag = line:match("^([^\t]+)\t?(.*)$")
  entries[#entries + 1] = { path = path, etag = etag }
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

function request()
  local e = entries[math.random(#entries)]
  local headers = {}
  if e.etag ~= "" then headers["If-None-Match"] = e.etag end
  return wrk.format("GET", e.path, headers)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
