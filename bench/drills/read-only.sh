#!/usr/bin/env bash
# Fault drill: the database turns read-only under load (what a hot standby answers after a
# failover): every write must be a 503 with Retry-After, never a 500, readiness DOWN while writes
# fail and UP again within 2 s after, and the outage logged once instead of once per request.
#
# Load for BEFORE + READ_ONLY + AFTER seconds (5 + 15 + 10): wrk (CONNECTIONS=4) on
# PATCH /api/v1/me (a write), and a curl loop that goes round register (a new user each time),
# login, refresh (one session's chain), POST /api/v1/me/check-in and GET /api/v1/me (a read),
# and a curl loop on /q/health/ready. At BEFORE, "ALTER SYSTEM SET default_transaction_read_only
# = on" + pg_reload_conf() makes every new transaction read-only, in open sessions too; after
# READ_ONLY seconds it is reset and reloaded.
# Passes when: no 500 anywhere; the writes during the read-only phase are answered 503 with
# Retry-After; readiness went DOWN and was UP again within 2 s of the reset, with no DOWN after;
# the app log has no ERROR and no stack trace, one "Database unavailable" WARN and one
# "Database available again" INFO; a new user can register and log in afterwards.
#
#   bench/drills/read-only.sh        (SKIP_BUILD=1 KEEP_WORK=1 ... see lib.sh)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/db-lib.sh"

BEFORE=${BEFORE:-5}
READ_ONLY=${READ_ONLY:-15}
AFTER=${AFTER:-10}
CONNECTIONS=${CONNECTIONS:-4}
MAX_ROUNDS=${MAX_ROUNDS:-5000}

drills_init read-only
command -v wrk >/dev/null || die "wrk is missing (Debian package wrk)"
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
sink_start "$SMTP" "$WORK/received.tsv"
app_start app "$HTTP" "$SMTP" -Dvigil.quota.enabled=false -Dvigil.rate-limit.enabled=false
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
BASE="http://127.0.0.1:$HTTP"
tag=$(date +%s%N | tail -c 7)
creds=$(new_user "$BASE" "rowriter$tag")
[ -n "$creds" ] || die "could not register and log in the writing user"
TOKEN=${creds%% *}
sql "UPDATE users SET email_verified = true WHERE username = 'rowriter$tag';" >/dev/null
curl -s -o /dev/null -m 10 -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"enabled":true,"interval":"P7D"}' "$BASE/api/v1/me/check-in"
creds=$(new_user "$BASE" "rosession$tag")
[ -n "$creds" ] || die "could not register and log in the refreshing user"
REFRESH=${creds##* }

# write_loop SECONDS: one round = register, login, refresh, check-in, GET /me; "<ms> <name> <code>" lines.
write_loop() {
    local end=$(( $(date +%s) + $1 )) n=0 code refresh=$REFRESH body
    call() {   # call NAME curl-args...: records the status; keeps Retry-After of 503s and bodies of 500s
        local name=$1; shift
        code=$(curl -s -o "$WORK/loop.body" -D "$WORK/loop.headers" -m 5 -w '%{http_code}' "$@" || true)
        echo "$(now_ms) $name ${code:-000}" >>"$WORK/writes.tsv"
        [ "$code" = 503 ] && ! grep -qi '^retry-after:' "$WORK/loop.headers" && echo "$name" >>"$WORK/no-retry-after.txt"
        [ "$code" = 500 ] && { echo "$name: $(cat "$WORK/loop.body")"; } >>"$WORK/500.txt"
        return 0
    }
    while [ "$(date +%s)" -lt "$end" ] && [ "$n" -lt "$MAX_ROUNDS" ]; do
        n=$(( n + 1 ))
        call register -H 'Content-Type: application/json' \
            -d "{\"username\":\"ro$tag-$n\",\"email\":\"ro$tag-$n@example.org\",\"password\":\"a long drill passphrase\"}" \
            "$BASE/api/v1/auth/register"
        call login -H 'Content-Type: application/json' \
            -d "{\"login\":\"rosession$tag\",\"password\":\"a long drill passphrase\"}" "$BASE/api/v1/auth/login"
        call refresh -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$refresh\"}" "$BASE/api/v1/auth/refresh"
        if [ "$code" = 200 ]; then
            refresh=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["refresh_token"])' "$WORK/loop.body")
        fi
        call check-in -X POST -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me/check-in"
        call get-me -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me"
    done
}

TOTAL=$(( BEFORE + READ_ONLY + AFTER ))
log "load for ${TOTAL}s; read-only from ${BEFORE}s for ${READ_ONLY}s"
wrk_run "$TOTAL" "$CONNECTIONS" "$WORK/wrk.txt" DRILL_TOKEN="$TOKEN" DRILL_METHOD=PATCH \
    DRILL_BODY='{"display_name":"Read-only drill %d"}' &
WRK=$!
t_start=$(now_ms)
write_loop "$TOTAL" &
LOOP=$!
ready_loop "$(mgmt_port app)" "$TOTAL" "$WORK/ready.tsv" &
READY=$!
LOG_START=$(wc -l <"$WORK/app.log")
sleep "$BEFORE"
t_ro=$(now_ms)
sql "ALTER SYSTEM SET default_transaction_read_only = on;" >/dev/null
sql "SELECT pg_reload_conf();" >/dev/null
log "database read-only"
sleep "$READ_ONLY"
PGOPTIONS='-c default_transaction_read_only=off' sql "ALTER SYSTEM RESET default_transaction_read_only;" >/dev/null
sql "SELECT pg_reload_conf();" >/dev/null
t_rw=$(now_ms)
log "database writable again"
wait "$WRK" "$LOOP" "$READY"

user="roafter$tag"
reg=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"a long drill passphrase\"}" \
    "$BASE/api/v1/auth/register" || true)
login=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"login\":\"$user\",\"password\":\"a long drill passphrase\"}" "$BASE/api/v1/auth/login" || true)

# wrk stops mid-request at its deadline; what the app logs about those cut-off requests (client
# disconnects, not the outage) is split off: the drill judges the log up to 1 s before that.
t_load_end=$(( t_start + TOTAL * 1000 - 1000 ))
tail -n +"$(( LOG_START + 1 ))" "$WORK/app.log" | python3 -c '
import datetime, sys
cut, early, late = int(sys.argv[1]), open(sys.argv[2], "w"), open(sys.argv[3], "w")
out = early
for line in sys.stdin:
    try:
        t = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=datetime.timezone.utc)
        out = early if t.timestamp() * 1000 < cut else late
    except ValueError:
        pass  # a continuation line (stack trace) stays with its record
    out.write(line)
' "$t_load_end" "$WORK/drill.log" "$WORK/cutoff.log"
cutoff_errors=$(grep -c ' ERROR ' "$WORK/cutoff.log" || true)
summary="$(ready_summary "$WORK/ready.tsv" "$t_ro" "$t_rw")
$(log_summary "$WORK/drill.log")"
val() { sed -n "s/^$1=//p" <<<"$summary"; }
loop_counts=$(python3 - "$WORK/writes.tsv" "$t_ro" "$t_rw" <<'PY'
import collections, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
lo, hi = int(sys.argv[2]), int(sys.argv[3])
for phase, keep in (("before", lambda t: t < lo), ("read-only", lambda t: lo <= t < hi), ("after", lambda t: t >= hi)):
    by = collections.defaultdict(collections.Counter)
    for t, name, code in rows:
        if keep(int(t)):
            by[name][code] += 1
    print("  %-10s %s" % (phase + ":", "; ".join("%s %s" % (n, " ".join("%s:%d" % kv for kv in sorted(c.items()))) for n, c in sorted(by.items()))))
print("loop_500=%d" % sum(1 for r in rows if r[2] == "500"))
PY
)
loop_500=$(sed -n 's/^loop_500=//p' <<<"$loop_counts")
s500=$(count_of "$WORK/wrk.txt" 500)
no_retry=$( [ -f "$WORK/no-retry-after.txt" ] && wc -l <"$WORK/no-retry-after.txt" || echo 0)

cat <<EOF2

== Read-only database under load ($(date -u +%FT%TZ), $(machine))
read-only phase:          $(( t_rw - t_ro )) ms (ALTER SYSTEM SET default_transaction_read_only = on, reload; reset, reload)
PATCH /api/v1/me (wrk):   $(counts_of "$WORK/wrk.txt")
  socket errors:          $(socket_of "$WORK/wrk.txt")
curl loop by phase:
$(grep -v '^loop_500=' <<<"$loop_counts")
503 without Retry-After:  $no_retry
readiness before:         $(val ready_before)
  while read-only:        $(val ready_during) (first non-200 $(val ready_down_ms) ms after the switch)
  after the reset:        $(val ready_after) (200 again $(val ready_up_ms) ms after; $(val ready_flaps_after_up) non-200 after that)
app log during the drill: ERROR $(val log_error), WARN $(val log_warn), stack-trace lines $(val log_stack)
  WARN by category:      $(val log_warn_by)
  outage lines:           start (WARN) $(val log_outage_start), end (INFO) $(val log_outage_end): $(grep -h 'Database available again' "$WORK/drill.log" | sed 's/.*Database available/Database available/' | head -1 || true)
register / login after:   $reg / $login
at the load's cut-off:    ERROR $cutoff_errors (requests wrk abandoned at its deadline; not judged)
EOF2

fail=0
[ "$s500" -eq 0 ] && [ "$loop_500" -eq 0 ] || { log "FAIL: 500s (wrk $s500, loop $loop_500)"; head -5 "$WORK/500.txt" >&2 2>/dev/null || true; fail=1; }
[ "$no_retry" -eq 0 ] || { log "FAIL: $no_retry answers 503 without Retry-After"; fail=1; }
[ "$(count_of "$WORK/wrk.txt" 503)" -gt 0 ] || { log "FAIL: no write was refused with 503 while read-only"; fail=1; }
[ "$(val ready_down_ms)" != - ] || { log "FAIL: readiness never went DOWN"; fail=1; }
up_ms=$(val ready_up_ms)
{ [ "$up_ms" != - ] && [ "$up_ms" -le 2000 ]; } || { log "FAIL: readiness not UP within 2 s of the reset ($up_ms ms)"; fail=1; }
[ "$(val ready_flaps_after_up)" -eq 0 ] || { log "FAIL: readiness went DOWN again after recovery"; fail=1; }
[ "$(val log_error)" -eq 0 ] || { log "FAIL: $(val log_error) ERROR lines"; { grep ' ERROR ' "$WORK/drill.log" | sed 's/^[^]]*\] //' | cut -c1-160 | sort | uniq -c | sort -rn | head -5 >&2; } || true; fail=1; }
[ "$(val log_stack)" -eq 0 ] || { log "FAIL: $(val log_stack) stack-trace lines in the log"; fail=1; }
[ "$(val log_outage_start)" -eq 1 ] && [ "$(val log_outage_end)" -eq 1 ] \
    || { log "FAIL: expected one outage WARN and one INFO, got $(val log_outage_start) / $(val log_outage_end)"; fail=1; }
[ "$reg" = 202 ] && [ "$login" = 200 ] || { log "FAIL: register / login after the drill: $reg / $login"; fail=1; }
[ "$fail" -eq 0 ] && echo "PASS: writes 503 with Retry-After, no 500, readiness DOWN then UP within 2 s, one WARN + one INFO, no ERROR"
exit "$fail"
