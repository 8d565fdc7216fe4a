#!/usr/bin/env bash
# Fault drill: PostgreSQL crashes (kill -9) under wrk load; the app must answer 503, never 500,
# log the outage once instead of once per request, and recover by itself.
#
# wrk (CONNECTIONS=8 connections) runs GET /api/v1/me with a valid token for
# KILL_AT + OUTAGE + AFTER seconds (10 + 10 + 40), and a curl loop watches /q/health/ready.
# At KILL_AT the postmaster and every backend get SIGKILL at once (a crash, not a clean stop:
# queries in flight lose their connection mid-way). After OUTAGE seconds PostgreSQL is started
# again (crash recovery). AFTER is longer than the SQL client pool's 30 s connection timeout, so
# anything that fires that long after the outage is in the log before it is read.
# Passes when: no 500 at all; readiness went DOWN and came UP again within 2 s of PostgreSQL
# accepting connections, and did not flap afterwards; the app log has no ERROR line, no stack
# trace, exactly one "Database unavailable" WARN and one "Database available again" INFO; the
# same process is still serving, and a new user can register and log in afterwards.
#
#   bench/drills/postgres-kill.sh        (SKIP_BUILD=1 KEEP_WORK=1 ... see lib.sh)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/db-lib.sh"

KILL_AT=${KILL_AT:-10}
OUTAGE=${OUTAGE:-10}
AFTER=${AFTER:-40}
CONNECTIONS=${CONNECTIONS:-8}

drills_init postgres-kill
command -v wrk >/dev/null || die "wrk is missing (Debian package wrk)"
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
sink_start "$SMTP" "$WORK/received.tsv"
app_start app "$HTTP" "$SMTP" -Dvigil.quota.enabled=false
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
APP_PID=$(app_pid app)
BASE="http://127.0.0.1:$HTTP"
creds=$(new_user "$BASE" "killdrill$(date +%s%N | tail -c 7)")
[ -n "$creds" ] || die "could not register and log in a user for the load"
TOKEN=${creds%% *}
LOG_START=$(wc -l <"$WORK/app.log")

TOTAL=$(( KILL_AT + OUTAGE + AFTER ))
log "wrk on GET /api/v1/me for ${TOTAL}s ($CONNECTIONS connections); kill -9 at ${KILL_AT}s, ${OUTAGE}s down"
wrk_run "$TOTAL" "$CONNECTIONS" "$WORK/wrk.txt" DRILL_TOKEN="$TOKEN" &
WRK=$!
ready_loop "$(mgmt_port app)" "$TOTAL" "$WORK/ready.tsv" &
READY=$!
sleep "$KILL_AT"
postmaster=$(head -1 "$WORK/pg/postmaster.pid")
victims="$postmaster $(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')"
t_down=$(now_ms)
kill -9 $victims
log "killed PostgreSQL (postmaster $postmaster and $(( $(wc -w <<<"$victims") - 1 )) children)"
sleep "$OUTAGE"
for _ in $(seq 1 50); do   # the dead backends must be gone before a new postmaster may start
    alive=0; for p in $victims; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.1
done
rm -f "$WORK/pg/postmaster.pid"
pg_ctl_do start
t_up=$(now_ms)
log "PostgreSQL accepting connections again $(( t_up - t_down )) ms after the kill"
wait "$WRK" "$READY"

wait_ready app 30 && ready_after=yes || ready_after=no
user="killafter$(date +%s%N | tail -c 7)"
reg=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"a long drill passphrase\"}" \
    "$BASE/api/v1/auth/register" || true)
login=$(curl -s -o "$WORK/login.body" -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"login\":\"$user\",\"password\":\"a long drill passphrase\"}" "$BASE/api/v1/auth/login" || true)
same_process=no; kill -0 "$APP_PID" 2>/dev/null && [ "$(app_pid app)" = "$APP_PID" ] && same_process=yes

tail -n +"$(( LOG_START + 1 ))" "$WORK/app.log" >"$WORK/drill.log"
summary="$(ready_summary "$WORK/ready.tsv" "$t_down" "$t_up")
$(log_summary "$WORK/drill.log")"
val() { sed -n "s/^$1=//p" <<<"$summary"; }
s500=$(count_of "$WORK/wrk.txt" 500)

cat <<EOF2

== PostgreSQL kill -9 under load ($(date -u +%FT%TZ), $(machine))
outage:                  kill -9 of postmaster + backends, ${OUTAGE}s down, start (crash recovery): $(( t_up - t_down )) ms
GET /api/v1/me (wrk):    $(counts_of "$WORK/wrk.txt")
  socket errors:         $(socket_of "$WORK/wrk.txt")
readiness before:        $(val ready_before)
  during the outage:     $(val ready_during) (first non-200 $(val ready_down_ms) ms after the kill)
  after PostgreSQL up:   $(val ready_after) (200 again $(val ready_up_ms) ms after; $(val ready_flaps_after_up) non-200 after that)
app log during the drill: ERROR $(val log_error), WARN $(val log_warn), stack-trace lines $(val log_stack), "Result is already complete" $(val log_already_complete)
  WARN by category:      $(val log_warn_by)
  outage lines:          start (WARN) $(val log_outage_start), end (INFO) $(val log_outage_end): $(grep -h 'Database available again' "$WORK/drill.log" | sed 's/.*Database available/Database available/' | head -1 || true)
same app process:        $same_process; ready afterwards: $ready_after; register / login after: $reg / $login
EOF2

fail=0
[ "$s500" -eq 0 ] || { log "FAIL: $s500 answers were 500; causes:"; { grep -A3 'Unhandled failure' "$WORK/drill.log" | grep -v '^\s*at ' | head -12 >&2; } || true; fail=1; }
[ "$(val ready_down_ms)" != - ] || { log "FAIL: readiness never went DOWN"; fail=1; }
up_ms=$(val ready_up_ms)
{ [ "$up_ms" != - ] && [ "$up_ms" -le 2000 ]; } || { log "FAIL: readiness not UP within 2 s of recovery ($up_ms ms)"; fail=1; }
[ "$(val ready_flaps_after_up)" -eq 0 ] || { log "FAIL: readiness went DOWN again after recovery"; fail=1; }
[ "$(val log_error)" -eq 0 ] || { log "FAIL: $(val log_error) ERROR lines; most frequent:"; { grep ' ERROR ' "$WORK/drill.log" | sed 's/^[^]]*\] //' | cut -c1-160 | sort | uniq -c | sort -rn | head -5 >&2; } || true; fail=1; }
[ "$(val log_stack)" -eq 0 ] || { log "FAIL: $(val log_stack) stack-trace lines in the log"; fail=1; }
[ "$(val log_outage_start)" -eq 1 ] && [ "$(val log_outage_end)" -eq 1 ] \
    || { log "FAIL: expected one outage WARN and one INFO, got $(val log_outage_start) / $(val log_outage_end)"; fail=1; }
[ "$same_process" = yes ] && [ "$ready_after" = yes ] || { log "FAIL: the app did not recover by itself"; fail=1; }
[ "$reg" = 202 ] && [ "$login" = 200 ] || { log "FAIL: register / login after the drill: $reg / $login"; fail=1; }
[ "$fail" -eq 0 ] && echo "PASS: no 500, readiness DOWN then UP within 2 s, one WARN + one INFO, no ERROR, recovered by itself"
exit "$fail"
