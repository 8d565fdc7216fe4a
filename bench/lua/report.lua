-- Shared by every scenario: collects each thread's counters and prints one machine-readable line
-- "BENCHJSON {...}" at the end (latencies in microseconds). "non2xx" is the count of responses
-- outside 200-299 seen by response() when the scenario counts them itself, otherwise wrk's own
-- status-error count (responses >= 400).
local threads = {}

function bench_track(thread)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local non2xx, counted = 0, false
   for _, t in ipairs(threads) do
      local n = t:get("non2xx")
      if n ~= nil then
         non2xx = non2xx + n
         counted = true
      end
   end
   if not counted then
      non2xx = summary.errors.status
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"req_per_s":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"non2xx":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      non2xx, e.connect, e.read, e.write, e.timeout))
end
