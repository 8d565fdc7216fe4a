#!/usr/bin/env bash
# Fault drill: two app instances on one database share the outbox without sending a mail twice.
#
# Starts two instances (different HTTP ports, one PostgreSQL, one SMTP sink), queues MAILS (5,000)
# mails, waits (at most WAIT_SECONDS, 120) until no message is pending/sending, and fails on any
# duplicate or lost mail. Each instance gets its own vigil.public-url host, which ends up in the
# Message-ID (<key@host>), so the sink can tell which instance sent what. The lease stays at the
# app's default (PT2M): claims must not overlap without a crash.
#
# POLL_EVERY / BATCH_SIZE as in kill-during-outbox.sh (unset: the app's defaults, 5s / 50).
#
#   bench/drills/two-instances.sh        (SKIP_BUILD=1 KEEP_WORK=1 MAILS=... see lib.sh)
source "$(dirname "$0")/lib.sh"

MAILS=${MAILS:-5000}
WAIT_SECONDS=${WAIT_SECONDS:-120}
OPTS=()
[ -n "${POLL_EVERY:-}" ] && OPTS+=(-Dvigil.outbox.poll-every="$POLL_EVERY")
[ -n "${BATCH_SIZE:-}" ] && OPTS+=(-Dvigil.outbox.batch-size="$BATCH_SIZE")

drills_init two-instances
ensure_jar
pg_start
SMTP=$(free_port); HTTP_A=$(free_port); HTTP_B=$(free_port)
RECEIVED="$WORK/received.tsv"
sink_start "$SMTP" "$RECEIVED"

# One after the other, so only the first runs the migrations.
log "starting instance a on :$HTTP_A"
app_start a "$HTTP_A" "$SMTP" ${OPTS[@]+"${OPTS[@]}"} -Dvigil.public-url="http://a.localhost:$HTTP_A"
wait_ready a "$READY_SECONDS" || die "instance a not ready in $READY_SECONDS s"
log "starting instance b on :$HTTP_B"
app_start b "$HTTP_B" "$SMTP" ${OPTS[@]+"${OPTS[@]}"} -Dvigil.public-url="http://b.localhost:$HTTP_B"
wait_ready b "$READY_SECONDS" || die "instance b not ready in $READY_SECONDS s"

log "queueing $MAILS mails"
queue_mails "$MAILS"
t_queued=$(now_ms)
deadline=$(( $(date +%s) + WAIT_SECONDS ))
open=$(outbox_open)
while [ "$open" -gt 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
    open=$(outbox_open)
done
t_done=$(now_ms)
sleep 1
sql "SELECT idempotency_key FROM outbox;" >"$WORK/keys.txt"
report=$(python3 "$DRILLS_DIR/mail_report.py" "$RECEIVED" "$WORK/keys.txt")
val() { sed -n "s/^$1=//p" <<<"$report"; }
for i in a b; do
    kill -0 "$(app_pid $i)" 2>/dev/null || log "FAIL: instance $i died"
done
warnings=$(cat "$WORK/a.log" "$WORK/b.log" | grep -c 'Outbox message .* failed\|Could not record\|Outbox round failed' || true)

cat <<EOF2

== two instances, one database ($(date -u +%FT%TZ), $(machine))
queued:                        $(val queued) mails (poll ${POLL_EVERY:-5s (default)}, batch ${BATCH_SIZE:-50 (default)}, lease PT2M (default))
drained after:                 $(( t_done - t_queued )) ms   (open now: $open; $(outbox_status))
rate:                          $(val rate_overall) mails/s, both instances together
distinct Message-IDs received: $(val distinct)
not delivered:                 $(val missing)   (lost if the outbox is drained)
duplicated messages:           $(val duplicated_messages) ($(val extra_deliveries) extra deliveries)
share per instance (host):     $(val per_host)
outbox warnings in app logs:   $warnings
EOF2

fail=0
[ "$open" -eq 0 ] || { log "FAIL: $open messages still pending/sending after $WAIT_SECONDS s"; fail=1; }
[ "$(val missing)" -eq 0 ] || { log "FAIL: $(val missing) mails not delivered"; fail=1; }
[ "$(val extra_deliveries)" -eq 0 ] || { log "FAIL: $(val extra_deliveries) duplicate deliveries"; fail=1; }
for i in a b; do kill -0 "$(app_pid $i)" 2>/dev/null || fail=1; done
[ "$fail" -eq 0 ] && echo "PASS: $(val distinct) mails, no duplicates, none lost"
exit "$fail"
