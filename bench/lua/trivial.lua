-- GET of a trivial endpoint (the URL given to wrk); only reports, so wrk runs at full speed.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
function setup(thread) bench_track(thread) end
