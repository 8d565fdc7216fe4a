#!/usr/bin/env bash
# Race drill: simultaneous requests that must answer like the same requests one after the other.
#
# Starts a private PostgreSQL, an SMTP sink that keeps every mail (the links carry the tokens) and
# one app instance, then runs races.py against it over HTTP, ROUNDS (10) rounds of each race:
#   10 registrations of one username   -> one 202, nine 409 username-taken, one user
#   10 registrations of one email      -> ten 202, one user, nine owner notices
#   10 uses of one verification link   -> one 204, nine 400 used-token, one email.verified event
#   10 uses of one reset link          -> one 204, nine 400 used-token, one event, one mail, the winner's password works
#   10 uses of one check-in link       -> one 200, nine 400 used-token, the deadline advances once
#   20 refreshes of one token in grace -> twenty 200 with one and the same new refresh token, session alive
#   20 reuses after the grace          -> twenty 401 invalid-token, session revoked, one refresh.reused event
# Fails on any 500 (or any other unexpected answer), any double success, any wrong database fact,
# and any ERROR line in the app's log.
#
# The app runs with throttles off (vigil.rate-limit.enabled=false: one address registers hundreds
# of users here) and with a fast check-in clock (interval PT1M, reminder 50 s before the deadline,
# scan every second) so that reminder links arrive within seconds; everything else is default,
# including vigil.tokens.refresh-reuse-grace (PT10S).
#
#   bench/drills/races.sh        (SKIP_BUILD=1 KEEP_WORK=1 ROUNDS=... see lib.sh)
source "$(dirname "$0")/lib.sh"

export ROUNDS=${ROUNDS:-10}

drills_init races
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
mkdir -p "$WORK/mail"
: >"$WORK/received.tsv"
python3 "$DRILLS_DIR/smtp_sink.py" "$SMTP" "$WORK/received.tsv" "${DRILL_TIMEOUT:-600}" "$WORK/mail" 2>"$WORK/sink.log" &
SINK_PID=$!
for _ in $(seq 1 50); do
    (echo >/dev/tcp/127.0.0.1/"$SMTP") 2>/dev/null && break
    sleep 0.1
done
app_start app "$HTTP" "$SMTP" \
    -Dvigil.rate-limit.enabled=false \
    -Dvigil.check-in.min-interval=PT1M -Dvigil.check-in.reminder-offsets=PT50S -Dvigil.check-in.scan-every=1s
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
log "app ready on $HTTP; $ROUNDS rounds per race ($(machine))"

errors_before=$(grep -c ' ERROR ' "$WORK/app.log" || true)
set +e
python3 "$DRILLS_DIR/races.py" "http://127.0.0.1:$HTTP" "$WORK/mail" "$PGPORT" | tee "$WORK/races.out"
rc=${PIPESTATUS[0]}
set -e
errors=$(( $(grep -c ' ERROR ' "$WORK/app.log" || true) - errors_before ))
warnings=$(grep -c ' WARN ' "$WORK/app.log" || true)
log "app log during the races: $errors ERROR lines, $warnings WARN lines in all"
if [ "$errors" -gt 0 ]; then
    grep ' ERROR ' "$WORK/app.log" | sort | uniq -c | sort -rn | head -5 >&2
    die "the app logged $errors ERROR lines"
fi
[ "$rc" -eq 0 ] || die "a race failed (see above)"
log "PASS"
