-- wrk script: counts responses whose status differs from the expected one and prints one
-- JSON line of results. Environment: BENCH_EXPECTED_STATUS (default 200) and
-- BENCH_UNIQUE_QUERY=1 to give every request its own query string (bypasses page caches).

local expected_status = tonumber(os.getenv("BENCH_EXPECTED_STATUS")) or 200
local unique_query = os.getenv("BENCH_UNIQUE_QUERY") == "1"
local threads = {}

function setup(thread)
   thread:set("thread_id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   unexpected = 0
   sent = 0
end

if unique_query then
   function request()
      sent = sent + 1
      local separator = wrk.path:find("?", 1, true) and "&" or "?"
      return wrk.format(nil, wrk.path .. separator .. "bench=" .. thread_id .. "-" .. sent)
   end
end

function response(status, headers, body)
   if status ~= expected_status then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local unexpected_total = 0
   for _, thread in ipairs(threads) do
      unexpected_total = unexpected_total + thread:get("unexpected")
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "requests_per_second": %.1f, '
         .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
         .. '"non_2xx_3xx": %d, "socket_errors": %d, "unexpected_status": %d}\n',
      summary.requests,
      summary.requests / summary.duration * 1e6,
      latency:percentile(50) / 1000,
      latency:percentile(95) / 1000,
      latency:percentile(99) / 1000,
      errors.status,
      errors.connect + errors.read + errors.write + errors.timeout,
      unexpected_total
   ))
end
