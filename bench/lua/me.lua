-- GET /api/v1/me with a valid Bearer token, cycling through the tokens in $BENCH_TOKENS
-- (one access token per line); each thread starts at a different offset.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local counter = 0
function setup(thread)
   bench_track(thread)
   thread:set("id", counter)
   counter = counter + 1
end

function init(args)
   tokens = {}
   for line in io.lines(os.getenv("BENCH_TOKENS")) do
      if #line > 0 then table.insert(tokens, line) end
   end
   i = id * 7
   non2xx = 0
end

function request()
   i = i + 1
   local token = tokens[(i % #tokens) + 1]
   return wrk.format("GET", "/api/v1/me", { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
   if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
