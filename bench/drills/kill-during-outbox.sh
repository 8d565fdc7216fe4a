#!/usr/bin/env bash
# Fault drill: kill -9 of the app in the middle of a 10,000-mail outbox run.
#
# Queues MAILS (10,000) mails straight into the outbox of a running instance, kills it with
# SIGKILL KILL_AFTER (2) seconds later, starts a new instance and waits (at most WAIT_SECONDS, 120)
# until the outbox holds no pending/sending message. Passes when every queued mail reached the
# SMTP sink at least once (none lost); duplicates are reported, not failed (delivery is at least
# once). The lease is shortened to LEASE (PT10S instead of the default PT2M) so the messages the
# killed instance had claimed come back within the drill.
#
# POLL_EVERY and BATCH_SIZE (unset: the app's 5s and 50) set vigil.outbox.poll-every and
# .batch-size. They date from a bug, fixed since: the dispatcher delivered one batch per wake-up,
# 10 mails/s with the app's defaults, so the drill failed on time, and POLL_EVERY=PT1S
# BATCH_SIZE=200 worked around it to test the crash property itself (bench/drills/README.md,
# "Bugs the drills found"). (Below 1 s the scheduler does not go: Quarkus warns that it does not
# support it.)
#
#   bench/drills/kill-during-outbox.sh        (SKIP_BUILD=1 KEEP_WORK=1 MAILS=... see lib.sh)
source "$(dirname "$0")/lib.sh"

MAILS=${MAILS:-10000}
KILL_AFTER=${KILL_AFTER:-2}
LEASE=${LEASE:-PT10S}
WAIT_SECONDS=${WAIT_SECONDS:-120}
OPTS=(-Dvigil.outbox.lease="$LEASE")
[ -n "${POLL_EVERY:-}" ] && OPTS+=(-Dvigil.outbox.poll-every="$POLL_EVERY")
[ -n "${BATCH_SIZE:-}" ] && OPTS+=(-Dvigil.outbox.batch-size="$BATCH_SIZE")

drills_init kill-during-outbox
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
RECEIVED="$WORK/received.tsv"
sink_start "$SMTP" "$RECEIVED"

log "starting instance 1 (lease $LEASE)"
app_start app1 "$HTTP" "$SMTP" "${OPTS[@]}" -Dvigil.public-url="http://run1.localhost:$HTTP"
wait_ready app1 "$READY_SECONDS" || die "instance 1 not ready in $READY_SECONDS s"

log "queueing $MAILS mails"
queue_mails "$MAILS"
t_queued=$(now_ms)
sleep "$KILL_AFTER"
app_stop app1 KILL
t_kill=$(now_ms)
at_kill=$(received "$RECEIVED")
status_at_kill=$(outbox_status)
log "killed instance 1 after $(( t_kill - t_queued )) ms: $at_kill mails received, outbox $status_at_kill"

[ "$at_kill" -gt 0 ] || die "nothing was delivered before the kill: raise KILL_AFTER"
[ "$at_kill" -lt "$MAILS" ] || die "all mails were out before the kill (not mid-delivery): lower KILL_AFTER"

log "starting instance 2"
t_restart=$(now_ms)
app_start app2 "$HTTP" "$SMTP" "${OPTS[@]}" -Dvigil.public-url="http://run2.localhost:$HTTP"
wait_ready app2 "$READY_SECONDS" || die "instance 2 not ready in $READY_SECONDS s"
t_ready=$(now_ms)

deadline=$(( $(date +%s) + WAIT_SECONDS ))
open=$(outbox_open)
while [ "$open" -gt 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
    open=$(outbox_open)
done
t_done=$(now_ms)
sleep 1   # a mail marked sent has been accepted by the sink; this only lets the file settle
sql "SELECT idempotency_key FROM outbox;" >"$WORK/keys.txt"
report=$(python3 "$DRILLS_DIR/mail_report.py" "$RECEIVED" "$WORK/keys.txt" "$t_kill")
val() { sed -n "s/^$1=//p" <<<"$report"; }

cat <<EOF

== kill -9 during outbox delivery ($(date -u +%FT%TZ), $(machine))
queued:                        $(val queued) mails (lease $LEASE, poll ${POLL_EVERY:-5s (default)}, batch ${BATCH_SIZE:-50 (default)}, killed ${KILL_AFTER}s after queueing)
received before the kill:      $at_kill   (outbox at kill: $status_at_kill)
  rate before the kill:        $(val rate_before_split) mails/s
instance 2 ready after:        $(( t_ready - t_restart )) ms
outbox drained after restart:  $(( t_done - t_restart )) ms   (open now: $open; $(outbox_status))
  received after restart:      $(val after_split), $(( $(val after_split) * 1000 / (t_done - t_ready + 1) )) mails/s from ready to drained
  first uninterrupted run:     $(val after_split_burst) mails at $(val rate_after_split_burst) mails/s; then $(val after_split_tail) more (incl. the killed instance's claims, after their lease)
distinct Message-IDs received: $(val distinct)
not delivered:                 $(val missing)   (lost if the outbox is drained)
duplicated messages:           $(val duplicated_messages) ($(val extra_deliveries) extra deliveries)
by sender:                     $(val per_host)
EOF

fail=0
[ "$open" -eq 0 ] || { log "FAIL: $open messages still pending/sending after $WAIT_SECONDS s (the dispatcher drains one batch per wake-up: try POLL_EVERY=PT1S BATCH_SIZE=200)"; fail=1; }
[ "$(val missing)" -eq 0 ] || { log "FAIL: $(val missing) mails not delivered"; fail=1; }
[ "$(val distinct)" -eq "$MAILS" ] || { log "FAIL: $(val distinct) distinct of $MAILS"; fail=1; }
dead=$(sql "SELECT count(*) FROM outbox WHERE status = 'dead';")
[ "$dead" -eq 0 ] || { log "FAIL: $dead messages dead"; fail=1; }
[ "$fail" -eq 0 ] && echo "PASS: none lost; $(val extra_deliveries) duplicate deliveries (at least once)"
exit "$fail"
