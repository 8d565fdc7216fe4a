#!/usr/bin/env bash
# Drill: SIGTERM under load with the embedded PostgreSQL. The app must drain first and the database
# must stop last, so no request gets a 5xx before the port closes.
#
# Starts the jar with no datasource (its embedded PostgreSQL keeps data in the work directory),
# registers a user, then runs bounded curl loops: LOGINS (2) loops of POST /api/v1/auth/login,
# READS (2) of GET /api/v1/auth/username-available, one of GET /q/health/ready. TERM_AFTER (3)
# seconds into the load the JVM gets SIGTERM. Every answer is recorded with curl's exit code
# (7 = connection refused: the port is closed).
#
# STOP_LOAD says when the API loops stop sending new requests:
#   delay (default)  when quarkus.shutdown.delay (5 s) is over, as a load balancer that saw readiness
#                    DOWN would have by then; requests already sent must still be answered, and the
#                    drain must not time out.
#   exit             only once the JVM has exited: clients that ignore readiness and hammer the port
#                    until it closes.
#
# Passes when: no API answer was a 5xx; no API request failed during the shutdown delay other than by
# a refused connection; every login the app processed (audit line) was answered 200 (none was cut
# off after the work); API requests were still served (200) after the SIGTERM, during the delay;
# readiness said 503 after the SIGTERM; the JVM exited by itself; the embedded server stopped after
# the application ("received fast shutdown request" in its log later than Quarkus's "stopped in")
# and no postmaster was left running. With STOP_LOAD=delay also: no request reset, and Quarkus did
# not have to give up waiting for requests in flight.
#
#   bench/drills/graceful-stop.sh        (SKIP_BUILD=1 KEEP_WORK=1 STOP_LOAD=exit TERM_AFTER=... see lib.sh)
source "$(dirname "$0")/lib.sh"

TERM_AFTER=${TERM_AFTER:-3}
LOGINS=${LOGINS:-2}
READS=${READS:-2}
EXIT_SECONDS=${EXIT_SECONDS:-90}      # how long the JVM may take to exit after SIGTERM
MAX_REQUESTS=${MAX_REQUESTS:-20000}   # per loop, on top of the time bound
DELAY_SECONDS=5                       # the app's quarkus.shutdown.delay (prod profile)
STOP_LOAD=${STOP_LOAD:-delay}
case "$STOP_LOAD" in delay|exit) ;; *) echo "STOP_LOAD must be delay or exit" >&2; exit 2 ;; esac

# No private PostgreSQL here: the app brings its own. So drills_init's PostgreSQL checks do not
# apply; the same work directory, watchdog and cleanup conventions do.
WORK=$(mktemp -d "/tmp/vigil-drill-graceful-stop.XXXXXX")
DATA="$WORK/data/postgres"

# Whatever happens, no embedded postmaster outlives the drill (a kill -9 of the JVM would leave it).
graceful_cleanup() {
    local rc=$?
    if [ -f "$WORK/app.pid" ]; then
        kill -TERM "$(cat "$WORK/app.pid")" 2>/dev/null
        for _ in $(seq 1 300); do kill -0 "$(cat "$WORK/app.pid")" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ -f "$DATA/postmaster.pid" ]; then
        kill -INT "$(head -1 "$DATA/postmaster.pid")" 2>/dev/null
        for _ in $(seq 1 100); do [ -f "$DATA/postmaster.pid" ] || break; sleep 0.1; done
    fi
    [ -f "$DATA/log/startup.log" ] && cat "$DATA"/log/postgresql-*.log >"$WORK/postgres.log" 2>/dev/null
    (exit "$rc")
    drills_cleanup
}
trap graceful_cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped (watchdog or signal)"; exit 124' TERM
( sleep "${DRILL_TIMEOUT:-600}"; kill -TERM $$ 2>/dev/null ) >/dev/null 2>&1 &
WATCHDOG_PID=$!

ensure_jar
HTTP=$(free_port)
MGMT=$(free_port)
echo "$MGMT" >"$WORK/app.mgmt"
BASE="http://127.0.0.1:$HTTP"
java -Xmx512m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$HTTP" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT" \
    -Dvigil.embedded-postgres.data-dir="$DATA" \
    -Dvigil.rate-limit.enabled=false -Dvigil.quota.enabled=false \
    -jar "$JAR" >>"$WORK/app.log" 2>&1 &
echo $! >"$WORK/app.pid"
disown $!
APP_PID=$(cat "$WORK/app.pid")
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
grep -q "started embedded PostgreSQL" "$WORK/app.log" || die "the app did not start its embedded PostgreSQL"
log "app ready on :$HTTP with its embedded PostgreSQL in $DATA"

USER_JSON='{"username":"drill_stop","email":"drill_stop@example.org","password":"a long drill passphrase"}'
LOGIN_JSON='{"login":"drill_stop","password":"a long drill passphrase"}'
reg=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H 'Content-Type: application/json' -d "$USER_JSON" "$BASE/api/v1/auth/register")
[ "$reg" = 202 ] || die "register answered $reg"

# probe NAME STOP_FILE [curl args...]: "<epoch ms> <status> <curl exit>" lines in $WORK/NAME.tsv
# until STOP_FILE exists, or the JVM has exited (then one more round, which must fail), or MAX_REQUESTS.
probe() {
    local name=$1 stop=$2 n=0 code rc; shift 2
    while [ "$n" -lt "$MAX_REQUESTS" ] && [ ! -f "$stop" ]; do
        rc=0
        code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$@") || rc=$?
        echo "$(now_ms) ${code:-000} $rc" >>"$WORK/$name.tsv"
        n=$(( n + 1 ))
        [ -f "$WORK/exited" ] && [ "$rc" -ne 0 ] && break
        sleep 0.01
    done
}

log "load: $LOGINS login loop(s), $READS read loop(s), readiness; SIGTERM after ${TERM_AFTER}s; API load stops at: $STOP_LOAD"
LOOPS=()
for i in $(seq 1 "$LOGINS"); do
    probe "login$i" "$WORK/stop-api" -H 'Content-Type: application/json' -d "$LOGIN_JSON" "$BASE/api/v1/auth/login" &
    LOOPS+=($!)
done
for i in $(seq 1 "$READS"); do
    probe "read$i" "$WORK/stop-api" "$BASE/api/v1/auth/username-available?username=drill_probe_$i" &
    LOOPS+=($!)
done
probe ready "$WORK/never" "http://127.0.0.1:$MGMT/q/health/ready" &
LOOPS+=($!)

sleep "$TERM_AFTER"
t_term=$(now_ms)
kill -TERM "$APP_PID"
exited=no
for _ in $(seq 1 $(( EXIT_SECONDS * 10 ))); do
    kill -0 "$APP_PID" 2>/dev/null || { exited=yes; break; }
    if [ "$STOP_LOAD" = delay ] && [ "$(now_ms)" -ge $(( t_term + DELAY_SECONDS * 1000 )) ]; then
        touch "$WORK/stop-api"
    fi
    sleep 0.1
done
t_exit=$(now_ms)
touch "$WORK/exited"
wait "${LOOPS[@]}" || true
[ "$exited" = yes ] && rm -f "$WORK/app.pid"
postmaster_left=no
if [ -f "$DATA/postmaster.pid" ] && kill -0 "$(head -1 "$DATA/postmaster.pid")" 2>/dev/null; then
    postmaster_left=yes
fi

# Every login the app processed (audit line) got its 200 to the client: none was cut off after the work.
logins_done=$(grep -c 'event=login.succeeded' "$WORK/app.log" || true)
drain_timed_out=no
grep -q 'Timed out waiting for graceful shutdown' "$WORK/app.log" && drain_timed_out=yes

# Times from the logs: Quarkus's "stopped in" and PostgreSQL's "received fast shutdown request".
app_stopped=$(grep -h ' stopped in ' "$WORK/app.log" | tail -1 | cut -c1-23 || true)
pg_stop=$(cat "$DATA"/log/postgresql-*.log 2>/dev/null | grep -h 'received fast shutdown request' | tail -1 | cut -c1-23 || true)

summary=$(python3 - "$WORK" "$t_term" "$t_exit" "$app_stopped" "$pg_stop" "$(( DELAY_SECONDS * 1000 ))" <<'PY'
import collections, datetime, glob, os, sys
work, term, exit_ms, delay_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[6])
def load(pattern):
    rows = []
    for p in glob.glob(os.path.join(work, pattern)):
        rows += [(int(t), c, int(r)) for t, c, r in (l.split() for l in open(p) if l.strip())]
    return sorted(rows)
logins, reads, ready = load("login[0-9]*.tsv"), load("read[0-9]*.tsv"), load("ready.tsv")
api = sorted(logins + reads)
closed = min([t for t, c, r in api + ready if r == 7 and t >= term], default=None)
def counts(rows):
    return " ".join("%s:%d" % kv for kv in sorted(collections.Counter(c for _, c, _ in rows).items())) or "-"
before_close = [x for x in api if closed is None or x[0] < closed]
print("api_before_term=" + counts([x for x in api if x[0] < term]))
print("api_term_to_close=" + counts([x for x in api if x[0] >= term and (closed is None or x[0] < closed)]))
print("api_after_close=" + counts([x for x in api if closed is not None and x[0] >= closed]))
print("ready_after_term=" + counts([x for x in ready if x[0] >= term and (closed is None or x[0] < closed)]))
print("api_total=%d" % len(api))
print("api_5xx=%d" % sum(1 for _, c, _ in before_close if c.startswith("5")))
# A connection reset or an empty reply (curl 56/52) instead of an answer: during the shutdown delay
# that would be a request cut off; at the very end, Vert.x resets connections that its acceptor took
# while the event loops were already closing (logged as "Failed to register an accepted channel").
print("api_cut=%d" % sum(1 for t, c, r in api if r not in (0, 7) and t < term + delay_ms))
print("api_reset_at_close=%d" % sum(1 for t, c, r in api if r not in (0, 7) and t >= term + delay_ms))
print("logins_200=%d" % sum(1 for _, c, _ in logins if c == "200"))
print("api_200_after_term=%d" % sum(1 for t, c, _ in before_close if c == "200" and t >= term))
last_ok = max([t for t, c, _ in api if c == "200"], default=None)
print("last_200_after_term_ms=%s" % (last_ok - term if last_ok and last_ok >= term else "-"))
print("closed_after_term_ms=%s" % (closed - term if closed else "-"))
print("exit_after_term_ms=%d" % (exit_ms - term))
print("ready_503_after_term=%d" % sum(1 for t, c, _ in ready if c == "503" and t >= term))
def ts(s):
    try:
        return datetime.datetime.strptime(s.replace(",", "."), "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        return None
app_stopped, pg_stop = ts(sys.argv[4]), ts(sys.argv[5])
print("db_stopped_last=%s" % ("yes" if app_stopped and pg_stop and pg_stop >= app_stopped else "no"))
print("db_stop_after_app_ms=%s" % (int((pg_stop - app_stopped).total_seconds() * 1000) if app_stopped and pg_stop else "-"))
PY
)
val() { sed -n "s/^$1=//p" <<<"$summary"; }

cat <<EOF2

== Graceful stop with the embedded PostgreSQL ($(date -u +%FT%TZ), $(machine))
load:                         $LOGINS login + $READS read loop(s) + readiness, SIGTERM after ${TERM_AFTER}s, API load until: $STOP_LOAD
API before SIGTERM:           $(val api_before_term)
API SIGTERM -> port closed:   $(val api_term_to_close) (last 200 $(val last_200_after_term_ms) ms after SIGTERM)
API after the port closed:    $(val api_after_close) (000 = connection refused)
readiness after SIGTERM:      $(val ready_after_term)
port closed after SIGTERM:    $(val closed_after_term_ms) ms; JVM exited after $(val exit_after_term_ms) ms (exited: $exited)
API 5xx before the port closed: $(val api_5xx) of $(val api_total) requests; cut off during the delay: $(val api_cut)
reset at close:               $(val api_reset_at_close); drain timed out: $drain_timed_out; logins processed (audit) $logins_done, answered 200: $(val logins_200)
database stopped last:        $(val db_stopped_last) (fast shutdown $(val db_stop_after_app_ms) ms after Quarkus's "stopped in"); postmaster left running: $postmaster_left
EOF2

fail=0
[ "$(val api_5xx)" -eq 0 ] || { log "FAIL: $(val api_5xx) API answers were 5xx before the port closed"; fail=1; }
[ "$(val api_cut)" -eq 0 ] || { log "FAIL: $(val api_cut) API requests were cut off during the shutdown delay"; fail=1; }
[ "$logins_done" -eq "$(val logins_200)" ] || { log "FAIL: $logins_done logins processed, $(val logins_200) answered"; fail=1; }
[ "$(val api_200_after_term)" -gt 0 ] || { log "FAIL: nothing was served after the SIGTERM (no drain)"; fail=1; }
[ "$(val ready_503_after_term)" -gt 0 ] || { log "FAIL: readiness never said 503 after the SIGTERM"; fail=1; }
if [ "$STOP_LOAD" = delay ]; then
    [ "$(val api_reset_at_close)" -eq 0 ] || { log "FAIL: $(val api_reset_at_close) API requests were reset"; fail=1; }
    [ "$drain_timed_out" = no ] || { log "FAIL: Quarkus gave up waiting for requests in flight"; fail=1; }
fi
[ "$exited" = yes ] || { log "FAIL: the JVM did not exit within ${EXIT_SECONDS}s"; fail=1; }
[ "$(val db_stopped_last)" = yes ] || { log "FAIL: the database did not stop after the application"; fail=1; }
[ "$postmaster_left" = no ] || { log "FAIL: the embedded postmaster is still running"; fail=1; }
[ "$fail" -eq 0 ] && echo "PASS: drained with 0 x 5xx, the embedded database stopped last, nothing left running"
exit "$fail"
