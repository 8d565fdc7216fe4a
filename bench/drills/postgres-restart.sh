#!/usr/bin/env bash
# Fault drill: PostgreSQL restarted under load; the app must notice and recover by itself.
#
# With the app running, two bounded curl loops run for DURATION (30) seconds: one on
# GET /api/v1/auth/username-available, one on GET /q/health/ready. After RESTART_AT (10) seconds
# PostgreSQL is stopped with "pg_ctl stop -m fast", held down for OUTAGE (3) seconds so that the
# readiness probe can see the outage, and started again (OUTAGE=0 runs "pg_ctl restart -m fast"
# instead). Every status code is recorded. Passes when readiness went DOWN (503) and came UP
# (200) again, the API answered no 500 at all (503 or a refused connection during the outage are
# acceptable and counted), the app process is the same one throughout, and after the restart a
# new user can register and log in.
#
#   bench/drills/postgres-restart.sh        (SKIP_BUILD=1 KEEP_WORK=1 DURATION=... see lib.sh)
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-30}
RESTART_AT=${RESTART_AT:-10}
OUTAGE=${OUTAGE:-3}
MAX_REQUESTS=${MAX_REQUESTS:-20000}   # per loop, on top of the time bound

drills_init postgres-restart
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
sink_start "$SMTP" "$WORK/received.tsv"
app_start app "$HTTP" "$SMTP"
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
APP_PID=$(app_pid app)
BASE="http://127.0.0.1:$HTTP"

# probe NAME URL: "<epoch ms> <status>" lines in $WORK/NAME.tsv (000 = no HTTP answer); bodies of 500s kept.
probe() {
    local name=$1 url=$2 end=$(( $(date +%s) + DURATION )) n=0 code
    while [ "$(date +%s)" -lt "$end" ] && [ "$n" -lt "$MAX_REQUESTS" ]; do
        code=$(curl -s -o "$WORK/$name.body" -m 3 -w '%{http_code}' "$url" || true)
        echo "$(now_ms) ${code:-000}" >>"$WORK/$name.tsv"
        [ "$code" = 500 ] && { cat "$WORK/$name.body"; echo; } >>"$WORK/$name-500.txt"
        n=$(( n + 1 ))
        sleep 0.02
    done
}

log "load for ${DURATION}s; PostgreSQL goes down at ${RESTART_AT}s for ${OUTAGE}s"
probe api "$BASE/api/v1/auth/username-available?username=drill_probe" &
API_LOOP=$!
probe ready "http://127.0.0.1:$(mgmt_port app)/q/health/ready" &
READY_LOOP=$!
sleep "$RESTART_AT"
t_down=$(now_ms)
if [ "$OUTAGE" -eq 0 ]; then
    pg_ctl_do restart -m fast
else
    pg_ctl_do stop -m fast
    sleep "$OUTAGE"
    pg_ctl_do start
fi
t_up=$(now_ms)
log "PostgreSQL back after $(( t_up - t_down )) ms"
wait "$API_LOOP" "$READY_LOOP"

# After the load: readiness must be UP again (bounded), then a new user registers and logs in.
wait_ready app 30 && ready_after=yes || ready_after=no
user="drill$(date +%s%N | tail -c 9)"
reg=$(curl -s -o "$WORK/register.body" -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"a long drill passphrase\"}" \
    "$BASE/api/v1/auth/register" || true)
login=$(curl -s -o "$WORK/login.body" -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"login\":\"$user\",\"password\":\"a long drill passphrase\"}" "$BASE/api/v1/auth/login" || true)
grep -q access_token "$WORK/login.body" && token=yes || token=no

# Sequence of readiness states: 200 ... 503 ... 200 (other codes counted).
summary=$(python3 - "$WORK/api.tsv" "$WORK/ready.tsv" "$t_down" "$t_up" <<'PY'
import collections, sys
def load(p):
    return [(int(t), c) for t, c in (l.split() for l in open(p) if l.strip())]
api, ready, down, up = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def counts(rows):
    return " ".join("%s:%d" % kv for kv in sorted(collections.Counter(c for _, c in rows).items()))
print("api_all=" + counts(api))
print("api_during=" + counts([r for r in api if down <= r[0] < up]))
print("api_after=" + counts([r for r in api if r[0] >= up]))
print("ready_all=" + counts(ready))
print("api_500=%d" % sum(1 for _, c in api if c == "500"))
# readiness went 200 -> 503 -> 200 in that order?
seen_up = seen_down = back_up = False
first_503 = last_non200 = None
for t, c in ready:
    if c == "200" and not seen_up: seen_up = True
    elif c == "503" and seen_up and not seen_down: seen_down, first_503 = True, t
    elif c == "200" and seen_down and not back_up: back_up = True
    if c != "200" and seen_up: last_non200 = t
print("ready_cycle=%s" % ("yes" if seen_up and seen_down and back_up else "no"))
print("ready_down_after_ms=%s" % (first_503 - down if first_503 else "-"))
first_ok = [t for t, c in ready if c == "200" and t >= up]
print("ready_up_after_ms=%s" % (first_ok[0] - up if first_ok else "-"))
api_ok = [t for t, c in api if c == "200" and t >= up]
print("api_ok_after_ms=%s" % (api_ok[0] - up if api_ok else "-"))
bad_after = [t for t, c in api if c != "200" and t >= up]
print("api_errors_after_up=%d" % len(bad_after))
print("api_last_error_after_up_ms=%s" % (bad_after[-1] - up if bad_after else "-"))
PY
)
val() { sed -n "s/^$1=//p" <<<"$summary"; }
same_process=no; kill -0 "$APP_PID" 2>/dev/null && [ "$(app_pid app)" = "$APP_PID" ] && same_process=yes

cat <<EOF2

== PostgreSQL restart under load ($(date -u +%FT%TZ), $(machine))
outage:                  $( [ "$OUTAGE" -eq 0 ] && echo "pg_ctl restart -m fast" || echo "pg_ctl stop -m fast, ${OUTAGE}s down, start"), $(( t_up - t_down )) ms from stop to started
readiness codes:         $(val ready_all)
  DOWN (503) seen:       $(val ready_cycle) (first 503 $(val ready_down_after_ms) ms after the stop; 200 again $(val ready_up_after_ms) ms after PostgreSQL was back)
API codes, whole run:    $(val api_all)
  during the outage:     $(val api_during)
  after PostgreSQL up:   $(val api_after) (first 200 after $(val api_ok_after_ms) ms; last error $(val api_last_error_after_up_ms) ms after)
API 500s:                $(val api_500)
same app process:        $same_process
ready after the load:    $ready_after
register / login after:  $reg / $login (access token: $token)
EOF2

fail=0
[ "$(val ready_cycle)" = yes ] || { log "FAIL: readiness did not go 200 -> 503 -> 200"; fail=1; }
if [ "$(val api_500)" -ne 0 ]; then
    log "FAIL: $(val api_500) API answers were 500; their causes in the app log:"
    grep -o 'Unhandled failure, reference [^:]*: .*' "$WORK/app.log" | sed 's/reference [^:]*: //' | sort | uniq -c | sort -rn | head -5 >&2
    fail=1
fi
[ "$same_process" = yes ] || { log "FAIL: the app process did not survive"; fail=1; }
[ "$ready_after" = yes ] || { log "FAIL: not ready 30 s after the load"; fail=1; }
[ "$reg" = 202 ] || { log "FAIL: register answered $reg: $(cat "$WORK/register.body")"; fail=1; }
[ "$login" = 200 ] && [ "$token" = yes ] || { log "FAIL: login answered $login: $(cat "$WORK/login.body")"; fail=1; }
[ "$fail" -eq 0 ] && echo "PASS: readiness DOWN then UP, no 500s, recovered without a restart, register+login work"
exit "$fail"
