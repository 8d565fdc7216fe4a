#!/usr/bin/env bash
# Fault drill: two app instances scan the check-in switches of one database at once, and every
# reminder, "are they OK?" message and release message still goes out exactly once.
#
# Starts two instances (one PostgreSQL, one SMTP sink), both with vigil.check-in.scan-every=1s, then
# seeds in one transaction (so both scanners see it at once):
#   REMINDERS (2,000)  switches whose last reminder before the deadline is due; every one has an
#                      address and a phone, so the reminder escalates: one mail and one SMS each
#   ASKS (1,000)       switches whose grace began a minute ago, each with two accepted contacts (one
#                      by mail, one with only a phone) and one pending: two asks each
#   RELEASES (500)     switches whose grace ended a minute ago, each with two accepted contacts
#                      (mail, phone only) and one who declined: two final messages each
# and waits (at most WAIT_SECONDS, 300) until all of it is handled and the outbox is drained. It
# fails unless, per (account, deadline, stage, contact/channel), the database holds exactly one
# reminder/ask/release row and one outbox message, the SMTP sink received each mail exactly once
# (Message-ID = outbox key, to the right address), the SMS provider (`log`, the default) logged
# each SMS exactly once over both instances, and nothing went to a pending or declined contact.
#
#   bench/drills/two-instances-check-in.sh     (SKIP_BUILD=1 KEEP_WORK=1 REMINDERS=... see lib.sh)
source "$(dirname "$0")/lib.sh"

REMINDERS=${REMINDERS:-2000}
ASKS=${ASKS:-1000}
RELEASES=${RELEASES:-500}
WAIT_SECONDS=${WAIT_SECONDS:-300}
for n in "$REMINDERS" "$ASKS" "$RELEASES" "$WAIT_SECONDS"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "REMINDERS, ASKS, RELEASES and WAIT_SECONDS must be numbers" >&2; exit 2; }
done
R_END=$REMINDERS
A_END=$(( REMINDERS + ASKS ))
X_END=$(( REMINDERS + ASKS + RELEASES ))
MAILS=$(( REMINDERS + ASKS + RELEASES ))   # one mail per reminder, per mail contact asked, per mail contact told
SMS=$(( REMINDERS + ASKS + RELEASES ))     # the same with SMS

drills_init two-instances-check-in
ensure_jar
pg_start
SMTP=$(free_port); HTTP_A=$(free_port); HTTP_B=$(free_port)
RECEIVED="$WORK/received.tsv"
sink_start "$SMTP" "$RECEIVED"

SCAN=(-Dvigil.check-in.scan-every=1s)
# One after the other, so only the first runs the migrations.
log "starting instance a on :$HTTP_A"
app_start a "$HTTP_A" "$SMTP" "${SCAN[@]}" -Dvigil.public-url="http://a.localhost:$HTTP_A"
wait_ready a "$READY_SECONDS" || die "instance a not ready in $READY_SECONDS s"
log "starting instance b on :$HTTP_B"
app_start b "$HTTP_B" "$SMTP" "${SCAN[@]}" -Dvigil.public-url="http://b.localhost:$HTTP_B"
wait_ready b "$READY_SECONDS" || die "instance b not ready in $READY_SECONDS s"

log "seeding $REMINDERS reminders (with phones), $ASKS asks, $RELEASES releases due, in one transaction"
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -1 <<SQL
CREATE SCHEMA drill;
CREATE TABLE drill.due (user_id uuid PRIMARY KEY, stage char(1) NOT NULL);
INSERT INTO drill.due SELECT md5('u' || g)::uuid, CASE WHEN g <= $R_END THEN 'r' WHEN g <= $A_END THEN 'a' ELSE 'x' END
FROM generate_series(1, $X_END) g;
INSERT INTO users (id, username, email, phone, password_hash, created_at, updated_at)
SELECT md5('u' || g)::uuid, 'drill' || g, 'drill' || g || '@example.org',
       CASE WHEN g <= $R_END THEN '+1555' || lpad(g::text, 8, '0') END, 'x', now(), now()
FROM generate_series(1, $X_END) g;
INSERT INTO accounts (id, user_id, referral_code, subscription_start_date, created_at, updated_at)
SELECT md5('a' || g)::uuid, md5('u' || g)::uuid, 'D' || lpad(g::text, 9, '0'), now(), now(), now()
FROM generate_series(1, $X_END) g;
-- As in bench/checkin-scan.sh: interval P2D, grace P3D, time zone UTC, default offsets.
-- r: due in 12 h, the P1D reminder (the last before the deadline) is due; a: grace began a minute
-- ago, ask_contacts_at due; x: grace ended a minute ago, release_at due.
INSERT INTO check_ins (user_id, enabled, interval_seconds, interval_text, grace_seconds, grace_text, deadline_no,
                       last_check_in_at, deadline_started_at, next_due_at, release_at, next_reminder_at,
                       ask_contacts_at, created_at, updated_at)
SELECT md5('u' || g)::uuid, true, 172800, 'P2D', 259200, 'P3D', 1, started, started, due, due + interval '3 days',
       CASE st WHEN 'r' THEN t - interval '12 hours' WHEN 'a' THEN due + interval '2 days' END,
       CASE WHEN st = 'x' THEN NULL ELSE due END, t - interval '30 days', t
FROM (SELECT g, st, t,
             CASE st WHEN 'r' THEN t + interval '12 hours' WHEN 'a' THEN t - interval '1 minute'
                     ELSE t - interval '3 days 1 minute' END AS due,
             CASE st WHEN 'r' THEN t - interval '36 hours' WHEN 'a' THEN t - interval '2 days 1 minute'
                     ELSE t - interval '5 days 1 minute' END AS started
      FROM (SELECT g, now() AS t, CASE WHEN g <= $R_END THEN 'r' WHEN g <= $A_END THEN 'a' ELSE 'x' END AS st
            FROM generate_series(1, $X_END) g) s) d;
INSERT INTO trusted_contacts (id, user_id, name, email, phone, message, consent, consent_answered_at, created_at)
SELECT md5('c' || g || '-' || k)::uuid, md5('u' || g)::uuid, 'Contact ' || k,
       CASE WHEN k = 2 THEN NULL ELSE 'c' || g || '-' || k || '@example.org' END,
       CASE WHEN k = 2 THEN '+1444' || lpad(g::text, 8, '0') END, 'Drill message ' || g,
       CASE WHEN k < 3 THEN 'accepted' WHEN g <= $A_END THEN 'pending' ELSE 'declined' END,
       CASE WHEN k < 3 OR g > $A_END THEN now() - interval '20 days' END,
       now() - interval '30 days' + k * interval '1 second'
FROM generate_series($R_END + 1, $X_END) g, generate_series(1, 3) k;
SQL
t_seeded=$(now_ms)

# Done when every stage is recorded and the outbox has nothing left to send.
progress() {
    sql "SELECT (SELECT count(*) FROM check_in_reminders) || ' ' || (SELECT count(*) FROM check_in_contact_asks)
         || ' ' || (SELECT count(*) FROM check_ins WHERE released_at IS NOT NULL)
         || ' ' || (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'));"
}
deadline=$(( $(date +%s) + WAIT_SECONDS ))
t_handled=""
while :; do
    read -r sent asked released open <<<"$(progress)"
    if [ -z "$t_handled" ] && [ "$sent" -ge "$REMINDERS" ] && [ "$asked" -ge $(( 2 * ASKS )) ] \
        && [ "$released" -ge "$RELEASES" ]; then
        t_handled=$(now_ms)
    fi
    [ -n "$t_handled" ] && [ "$open" -eq 0 ] && break
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 1
done
t_done=$(now_ms)
# A few more scans on both instances: anything handled twice would show up now.
sleep 4
read -r sent asked released open <<<"$(progress)"

# --- the database: one row and one message per (account, deadline, stage, contact/channel) ------
COUNTS=$(sql "
WITH o AS (SELECT o.*, d.stage FROM outbox o LEFT JOIN drill.due d ON d.user_id = o.user_id),
     dup AS (SELECT template, count(*) - count(DISTINCT (user_id, recipient, coalesce(payload->>'link_target', ''))) AS extra
             FROM outbox GROUP BY template)
SELECT 'reminder rows (account, deadline, offset)|$REMINDERS|' || count(*) FROM check_in_reminders
UNION ALL SELECT 'reminder rows escalated, of the reminder set|$REMINDERS|'
    || count(*) FILTER (WHERE r.escalated AND d.stage = 'r' AND r.sent_at IS NOT NULL)
    FROM check_in_reminders r LEFT JOIN drill.due d USING (user_id)
UNION ALL SELECT 'reminder mails (check-in-reminder), distinct accounts|$REMINDERS|'
    || count(DISTINCT user_id) FILTER (WHERE stage = 'r') || '/' || count(*) FROM o WHERE template = 'check-in-reminder'
UNION ALL SELECT 'escalated reminder SMS (sms), distinct accounts|$REMINDERS|'
    || count(DISTINCT user_id) FILTER (WHERE stage = 'r') || '/' || count(*) FROM o WHERE template = 'sms'
UNION ALL SELECT 'ask rows (account, deadline, contact), accepted contacts|$(( 2 * ASKS ))|'
    || count(*) FILTER (WHERE c.consent = 'accepted' AND d.stage = 'a') || '/' || count(*)
    FROM check_in_contact_asks k JOIN trusted_contacts c ON c.id = k.contact_id LEFT JOIN drill.due d ON d.user_id = k.user_id
UNION ALL SELECT 'ask messages (check-on-owner + -sms), distinct (contact, deadline)|$(( 2 * ASKS ))|'
    || count(DISTINCT payload->>'link_target') || '/' || count(*) FROM o WHERE template IN ('check-on-owner', 'check-on-owner-sms')
UNION ALL SELECT 'released accounts (fulfilled), of the release set|$RELEASES|'
    || count(*) FROM check_ins c JOIN drill.due d USING (user_id) JOIN accounts a USING (user_id)
    WHERE c.released_at IS NOT NULL AND d.stage = 'x' AND a.account_status = 'fulfilled'
UNION ALL SELECT 'account.released events|$RELEASES|' || count(*) FROM security_events WHERE type = 'account.released'
UNION ALL SELECT 'release messages to accepted contacts, distinct contacts|$(( 2 * RELEASES ))|'
    || count(DISTINCT c.id) || '/' || count(*) FROM o JOIN trusted_contacts c
        ON c.user_id = o.user_id AND o.recipient = coalesce(c.email, c.phone) AND c.consent = 'accepted'
    WHERE o.template IN ('trusted-contact-release', 'trusted-contact-release-sms')
UNION ALL SELECT 'messages to pending or declined contacts|0|' || count(*) FROM o JOIN trusted_contacts c
        ON c.user_id = o.user_id AND o.recipient = c.email AND c.consent <> 'accepted'
UNION ALL SELECT 'outbox rows repeating a (template, account, recipient, link target)|0|' || coalesce(sum(extra), 0) FROM dup
UNION ALL SELECT 'outbox rows not sent (pending, sending, dead)|0|' || count(*) FROM outbox WHERE status <> 'sent'
UNION ALL SELECT 'outbox rows in all|$(( MAILS + SMS ))|' || count(*) FROM outbox;")

# --- what left the instances: mails at the sink, SMS in the log provider's lines ---------------
sql "SELECT idempotency_key || ' ' || recipient FROM outbox WHERE kind = 'mail';" >"$WORK/mail-keys.txt"
sql "SELECT idempotency_key FROM outbox WHERE kind = 'sms';" >"$WORK/sms-keys.txt"
cut -d' ' -f1 "$WORK/mail-keys.txt" >"$WORK/keys.txt"
report=$(python3 "$DRILLS_DIR/mail_report.py" "$RECEIVED" "$WORK/keys.txt")
val() { sed -n "s/^$1=//p" <<<"$report"; }
# A mail received at another address than its outbox row's would be a mix-up between messages.
wrong_rcpt=$(python3 - "$RECEIVED" "$WORK/mail-keys.txt" <<'PY'
import sys
want = dict(line.split() for line in open(sys.argv[2]) if line.strip())
wrong = 0
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    key = parts[1].strip().strip("<>").partition("@")[0]
    if key in want and parts[2] != want[key]:
        wrong += 1
print(wrong)
PY
)
sms_report=$(cat "$WORK/a.log" "$WORK/b.log" | python3 -c '
import collections, re, sys
keys = {l.strip() for l in open(sys.argv[1]) if l.strip()}
seen = collections.Counter(m.group(1) for m in re.finditer(r"by the log provider \(message ([0-9a-f-]+)\)", sys.stdin.read()))
print(len(keys), sum(1 for k in keys if seen[k] == 0), sum(seen[k] - 1 for k in keys if seen[k] > 1),
      sum(1 for k in seen if k not in keys))
' "$WORK/sms-keys.txt")
read -r sms_queued sms_missing sms_extra sms_foreign <<<"$sms_report"
sms_a=$(grep -c 'by the log provider' "$WORK/a.log" || true)
sms_b=$(grep -c 'by the log provider' "$WORK/b.log" || true)

# Who scanned: each instance's scan log lines, summed.
scan_share() {
    { grep -oE 'queued [0-9]+ reminders, asked the contacts of [0-9]+ accounts and released [0-9]+' "$WORK/$1.log" || true; } \
        | awk '{r += $2; a += $8; x += $12; n++} END {printf "%d scans: %d reminders, %d asks, %d releases", n, r, a, x}'
}
for i in a b; do
    kill -0 "$(app_pid $i)" 2>/dev/null || log "FAIL: instance $i died"
done
warnings=$(cat "$WORK/a.log" "$WORK/b.log" | grep -c 'check-in scan failed\|Could not release\|Outbox message .* failed\|Outbox round failed' || true)
blocked=$(cat "$WORK/a.log" "$WORK/b.log" | grep -c 'has been blocked for' || true)

fail=0
echo
echo "== two instances, check-in scan on both ($(date -u +%FT%TZ), $(machine), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "seeded: $REMINDERS reminders (escalated, mail + SMS), $ASKS asks (x2 contacts), $RELEASES releases (x2 contacts)"
printf '%-72s %8s %12s\n' "database" "expected" "actual"
while IFS='|' read -r what expected actual; do
    [ -n "$what" ] || continue
    mark=""
    [ "$expected" = "${actual%%/*}" ] && { [ "$actual" = "${actual%%/*}" ] || [ "$expected" = "${actual#*/}" ]; } \
        || { mark="  <-- FAIL"; fail=1; }
    printf '%-72s %8s %12s%s\n' "$what" "$expected" "$actual" "$mark"
done <<<"$COUNTS"
cat <<EOF2
handled after:                 $(( ${t_handled:-$t_done} - t_seeded )) ms from the seed's commit; outbox drained after $(( t_done - t_seeded )) ms
mails queued / received:       $(val queued) / $(val received_total) (distinct $(val distinct), not delivered $(val missing), duplicated $(val duplicated_messages), wrong address $wrong_rcpt)
mails per instance (host):     $(val per_host)
SMS queued / logged:           $sms_queued / $(( sms_a + sms_b )) (not sent $sms_missing, extra $sms_extra, unknown $sms_foreign; a $sms_a, b $sms_b)
instance a:                    $(scan_share a)
instance b:                    $(scan_share b)
scan/outbox warnings in logs:  $warnings; blocked-thread warnings: $blocked
EOF2

[ "$open" -eq 0 ] || { log "FAIL: $open messages still pending/sending after $WAIT_SECONDS s"; fail=1; }
[ "$(val queued)" -eq "$MAILS" ] || { log "FAIL: $(val queued) mails queued, $MAILS expected"; fail=1; }
[ "$(val missing)" -eq 0 ] || { log "FAIL: $(val missing) mails not delivered"; fail=1; }
[ "$(val extra_deliveries)" -eq 0 ] || { log "FAIL: $(val extra_deliveries) duplicate deliveries"; fail=1; }
[ "$wrong_rcpt" -eq 0 ] || { log "FAIL: $wrong_rcpt mails at the wrong address"; fail=1; }
[ "$sms_queued" -eq "$SMS" ] || { log "FAIL: $sms_queued SMS queued, $SMS expected"; fail=1; }
[ "$sms_missing" -eq 0 ] && [ "$sms_extra" -eq 0 ] || { log "FAIL: SMS not sent $sms_missing, sent twice $sms_extra"; fail=1; }
[ "$blocked" -eq 0 ] || { log "FAIL: $blocked blocked-thread warnings"; fail=1; }
for i in a b; do kill -0 "$(app_pid $i)" 2>/dev/null || fail=1; done
[ "$fail" -eq 0 ] && echo "PASS: every reminder, ask and release message exactly once ($MAILS mails, $SMS SMS), none lost"
exit "$fail"
