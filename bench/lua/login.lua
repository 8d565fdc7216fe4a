-- POST /api/v1/auth/login, spreading over the seeded users: $BENCH_USERS users named
-- $BENCH_PREFIX<n> (n = 1..$BENCH_USERS), all with password $BENCH_PASSWORD.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local counter = 0
function setup(thread)
   bench_track(thread)
   thread:set("id", counter)
   counter = counter + 1
end

function init(args)
   users = tonumber(os.getenv("BENCH_USERS"))
   prefix = os.getenv("BENCH_PREFIX")
   password = os.getenv("BENCH_PASSWORD")
   i = id * 13
   non2xx = 0
end

function request()
   i = i + 1
   local body = string.format('{"login":"%s%d","password":"%s"}', prefix, (i % users) + 1, password)
   return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
