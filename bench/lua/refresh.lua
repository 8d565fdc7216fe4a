-- POST /api/v1/auth/refresh: every wrk thread keeps its own rotation chain. Run with as many
-- threads as connections (one connection per thread), so a thread's requests go one after the
-- other and each uses the refresh token the previous answer returned. setup() hands each thread
-- one refresh token from $BENCH_TOKENS (one per line; a line per thread is needed). Any answer
-- but 200, or a 200 without a refresh_token, is counted as an error (non2xx).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local tokens = nil
local next_token = 1
function setup(thread)
   if tokens == nil then
      tokens = {}
      for line in io.lines(os.getenv("BENCH_TOKENS")) do
         if #line > 0 then table.insert(tokens, line) end
      end
   end
   bench_track(thread)
   local token = tokens[next_token]
   if token == nil then error("not enough refresh tokens for the threads") end
   thread:set("token", token)
   next_token = next_token + 1
end

function init(args)
   non2xx = 0
end

function request()
   return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
      '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
   local fresh = nil
   if status == 200 then fresh = body:match('"refresh_token"%s*:%s*"([^"]+)"') end
   if fresh == nil then
      non2xx = non2xx + 1
   else
      token = fresh
   end
end
