-- wrk script for the database drills: sends $DRILL_METHOD (default GET) to $DRILL_PATH (default
-- /api/v1/me) with "Authorization: Bearer $DRILL_TOKEN" and, for a body, $DRILL_BODY as JSON; a
-- "%d" in the body becomes a running number, so that every request changes something.
-- Counts the answers by status and prints one line "DRILLCOUNTS 200=n 503=n ..." at the end,
-- plus wrk's socket errors (a refused or reset connection is not an HTTP answer).
local threads = {}

local thread_no = 0
function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_no", thread_no)
   thread_no = thread_no + 1
end

function init(args)
   counts = {}
   n = 0
   method = os.getenv("DRILL_METHOD") or "GET"
   path = os.getenv("DRILL_PATH") or "/api/v1/me"
   headers = { ["Authorization"] = "Bearer " .. (os.getenv("DRILL_TOKEN") or "") }
   body = os.getenv("DRILL_BODY")
   if body ~= nil and #body > 0 then headers["Content-Type"] = "application/json" else body = nil end
   fixed = wrk.format(method, path, headers, body)
end

function request()
   if body == nil or not string.find(body, "%%d") then return fixed end
   n = n + 1
   return wrk.format(method, path, headers, string.format(body, thread_no * 1000000 + n))
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      local c = t:get("counts")
      if c ~= nil then
         for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
      end
   end
   local keys = {}
   for status, _ in pairs(total) do table.insert(keys, status) end
   table.sort(keys)
   local parts = {}
   for _, status in ipairs(keys) do table.insert(parts, string.format("%d=%d", status, total[status])) end
   local e = summary.errors
   io.write(string.format("DRILLCOUNTS %s\n", table.concat(parts, " ")))
   io.write(string.format("DRILLSOCKET connect=%d read=%d write=%d timeout=%d requests=%d p99_ms=%.1f\n",
      e.connect, e.read, e.write, e.timeout, summary.requests, latency:percentile(99) / 1000))
end
