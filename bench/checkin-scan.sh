#!/usr/bin/env bash
# Check-in scan benchmark: seeds 1,000,000 accounts with check-in enabled, some of them due for each
# stage of the scan, starts the app and measures how long one scan takes to handle all of it (the
# bar: < 60 s), then checks that every message exists exactly once. The due sets (defaults):
#
#   --due       50,000 switches whose last reminder before the deadline is due now; every other
#               one of them (25,000) has a phone number, so that escalated reminder goes by mail
#               and SMS (the app's default SMS provider, `log`, only logs it)
#   --asks      20,000 switches whose grace began a minute ago (ask_contacts_at due), each with two
#               accepted trusted contacts (one by mail, one by phone only) and one still pending:
#               2 check_in_contact_asks rows and 2 "are they OK?" messages per switch
#   --releases  5,000 switches whose grace ended a minute ago, each with two accepted contacts (mail,
#               phone only) and one who declined: 2 final messages per release
#
# Every tenth of the other accounts has an accepted contact too, so contacts exist where nothing is
# due. It prints the EXPLAIN (ANALYZE) of the scan's three due queries (reminders, asks, releases)
# and fails unless each runs on its partial index, unless the counts below are exact, on any
# Vert.x blocked-thread warning, or when the scan takes 60 s or more.
#
# Usage: bench/checkin-scan.sh [--no-build] [--accounts N] [--due N] [--asks N] [--releases N]
#   --no-build    use target/quarkus-app/quarkus-run.jar as it is
#   --accounts N  accounts with check-in enabled (default 1000000)
#   --due N       of these, how many have a reminder due now (default 50000)
#   --asks N      how many are at the start of grace, contacts to be asked (default 20000)
#   --releases N  how many are due for release (default 5000)
#   SCAN_BENCH_JVM_ARGS (environment) extra JVM options for the app, e.g. -Dvigil.check-in.batch-size=100
#
# Needs PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin, java, curl, python3. Everything runs in
# a temp dir that is removed afterwards; the app runs with the mock mailer, so no mail leaves.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

BUILD=1
ACCOUNTS=1000000
DUE=50000
ASKS=20000
RELEASES=5000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=0; shift ;;
        --accounts) ACCOUNTS="$2"; shift 2 ;;
        --due) DUE="$2"; shift 2 ;;
        --asks) ASKS="$2"; shift 2 ;;
        --releases) RELEASES="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
for n in "$ACCOUNTS" "$DUE" "$ASKS" "$RELEASES"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "--accounts, --due, --asks and --releases must be numbers" >&2; exit 2; }
done
(( DUE + ASKS + RELEASES <= ACCOUNTS )) || { echo "due + asks + releases must be <= accounts" >&2; exit 2; }
# The sets, by seed number g: reminders 1..R_END, asks ..A_END, releases ..X_END, the rest not due.
R_END=$DUE
A_END=$(( DUE + ASKS ))
X_END=$(( DUE + ASKS + RELEASES ))
PHONES=$(( DUE / 2 ))   # the even g among the reminder set

log() { printf '[checkin-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

WORK=$(mktemp -d /tmp/vigil-checkin-bench.XXXXXX)
APP_PID=""
PG_DATA="$WORK/pg/data"
PG_STARTED=0
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_app() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID"
        for _ in $(seq 1 150); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
        wait "$APP_PID" 2>/dev/null || true
    fi
    APP_PID=""
}
cleanup() {
    local rc=$?
    set +e
    stop_app
    [[ $PG_STARTED -eq 1 ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
    [[ $rc -ne 0 && -f "$WORK/app.log" ]] && tail -40 "$WORK/app.log" >&2
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $BUILD -eq 1 ]]; then
    if [[ ! -f "$JAR" || -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
        log "building the jar (./mvnw -B -q package -DskipTests)"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
    fi
fi
[[ -f "$JAR" ]] || { echo "no $JAR (build it or drop --no-build)" >&2; exit 1; }

# --- PostgreSQL --------------------------------------------------------------------------------
PG_PORT=$(free_port)
mkdir -p "$WORK/pg/sock"
chmod 755 "$WORK"
[[ $(id -u) -eq 0 ]] && chown -R postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
PG_STARTED=1
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/pg.log" \
    -o "-p $PG_PORT -k $WORK/pg/sock -c listen_addresses=localhost -c max_connections=100" -w start >/dev/null
psql_run() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h localhost -p "$PG_PORT" -U postgres -d postgres "$@"; }
log "PostgreSQL on port $PG_PORT"

# --- app ---------------------------------------------------------------------------------------
cp -r "$(dirname "$JAR")" "$WORK/app"
mv "$WORK/app/quarkus-run.jar" "$WORK/app/vigil-checkin-bench.jar"
APP_PORT=$(free_port)
MGMT_PORT=$(free_port)   # health answers on the management interface
start_app() {
    java -Dquarkus.datasource.reactive.url="postgresql://localhost:$PG_PORT/postgres" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$PG_PORT/postgres" \
        -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=x \
        -Dquarkus.http.port="$APP_PORT" -Dquarkus.http.host=127.0.0.1 -Dquarkus.mailer.mock=true \
        -Dquarkus.management.port="$MGMT_PORT" -Dquarkus.management.host=127.0.0.1 \
        -Dquarkus.log.category.\"quarkus-mailer\".level=WARN -Dquarkus.log.category.\"io.quarkus.mailer\".level=WARN \
        -Dvigil.check-in.scan-every="$1" ${SCAN_BENCH_JVM_ARGS:-} \
        -jar "$WORK/app/vigil-checkin-bench.jar" >>"$WORK/app.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 600); do
        kill -0 "$APP_PID" 2>/dev/null || { echo "the app died while starting" >&2; exit 1; }
        [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT_PORT/q/health/ready" || true) == 200 ]] && return 0
        sleep 0.1
    done
    echo "the app was not ready within 60 s" >&2; exit 1
}
log "first start: migrations only (scan off)"
start_app off
stop_app

# --- seed --------------------------------------------------------------------------------------
log "seeding $ACCOUNTS users/accounts with check-in enabled: $DUE reminders ($PHONES with a phone), $ASKS asks, $RELEASES releases due"
SEED_MS=$(now_ms)
psql_run <<SQL
SET synchronous_commit = off;
-- Which seeded user is in which due set (r reminder, a ask, x release), for the checks afterwards;
-- kept apart from the app's tables.
CREATE SCHEMA bench;
CREATE TABLE bench.due (user_id uuid PRIMARY KEY, stage char(1) NOT NULL, phone boolean NOT NULL);
INSERT INTO bench.due
SELECT md5('u' || g)::uuid, CASE WHEN g <= $R_END THEN 'r' WHEN g <= $A_END THEN 'a' ELSE 'x' END,
       g <= $R_END AND g % 2 = 0
FROM generate_series(1, $X_END) g;
INSERT INTO users (id, username, email, phone, password_hash, created_at, updated_at)
SELECT md5('u' || g)::uuid, 'bench' || g, 'bench' || g || '@example.org',
       CASE WHEN g <= $R_END AND g % 2 = 0 THEN '+1555' || lpad(g::text, 8, '0') END, 'x', now(), now()
FROM generate_series(1, $ACCOUNTS) g;
INSERT INTO accounts (id, user_id, referral_code, subscription_start_date, created_at, updated_at)
SELECT md5('a' || g)::uuid, md5('u' || g)::uuid, 'B' || lpad(g::text, 9, '0'), now(), now(), now()
FROM generate_series(1, $ACCOUNTS) g;
-- Time zone UTC, offsets P7D,P1D,PT0S (the defaults), grace P3D. Each set is a switch as the app
-- would have left it:
--  r: interval P2D, started 36 h ago, due in 12 h: the P1D reminder (12 h ago, or earlier when moved
--     into 09:00-20:00) is due and is the last before the deadline, so it escalates; P7D is not
--     planned (longer than the interval).
--  a: interval P2D, deadline passed a minute ago: grace began, ask_contacts_at is due; the
--     reminder at the deadline was sent, the next one is the grace reminder a day before release.
--  x: grace ended a minute ago: release_at is due; contacts were asked, no reminder is left.
--  n: interval P10D, due in 5 days, next reminder in 4 days, contacts asked when grace begins.
INSERT INTO check_ins (user_id, enabled, interval_seconds, interval_text, grace_seconds, grace_text, deadline_no,
                       last_check_in_at, deadline_started_at, next_due_at, release_at, next_reminder_at,
                       ask_contacts_at, created_at, updated_at)
SELECT md5('u' || g)::uuid, true, CASE WHEN st = 'n' THEN 864000 ELSE 172800 END,
       CASE WHEN st = 'n' THEN 'P10D' ELSE 'P2D' END, 259200, 'P3D', 1,
       started, started, due, due + interval '3 days',
       CASE st WHEN 'r' THEN t - interval '12 hours' WHEN 'a' THEN due + interval '2 days'
               WHEN 'x' THEN NULL ELSE t + interval '4 days' END,
       CASE WHEN st = 'x' THEN NULL ELSE due END,
       t - interval '30 days', t
FROM (SELECT g, st, t,
             CASE st WHEN 'r' THEN t + interval '12 hours' WHEN 'a' THEN t - interval '1 minute'
                     WHEN 'x' THEN t - interval '3 days 1 minute' ELSE t + interval '5 days' END AS due,
             CASE st WHEN 'r' THEN t - interval '36 hours' WHEN 'a' THEN t - interval '2 days 1 minute'
                     WHEN 'x' THEN t - interval '5 days 1 minute' ELSE t - interval '5 days' END AS started
      FROM (SELECT g, now() AS t,
                   CASE WHEN g <= $R_END THEN 'r' WHEN g <= $A_END THEN 'a' WHEN g <= $X_END THEN 'x' ELSE 'n' END AS st
            FROM generate_series(1, $ACCOUNTS) g) s) d;
-- Trusted contacts. Asks and releases: k=1 accepted by mail, k=2 accepted with only a phone, k=3
-- pending (asks) or declined (releases); every tenth account that is not due: one accepted.
INSERT INTO trusted_contacts (id, user_id, name, email, phone, message, consent, consent_answered_at, created_at)
SELECT md5('c' || g || '-' || k)::uuid, md5('u' || g)::uuid, 'Contact ' || k,
       CASE WHEN k = 2 THEN NULL ELSE 'c' || g || '-' || k || '@example.org' END,
       CASE WHEN k = 2 THEN '+1444' || lpad(g::text, 8, '0') END,
       'Bench message ' || g,
       CASE WHEN k < 3 THEN 'accepted' WHEN g <= $A_END THEN 'pending' ELSE 'declined' END,
       CASE WHEN k < 3 OR g > $A_END THEN now() - interval '20 days' END,
       now() - interval '30 days' + k * interval '1 second'
FROM generate_series($R_END + 1, $X_END) g, generate_series(1, 3) k;
INSERT INTO trusted_contacts (id, user_id, name, email, message, consent, consent_answered_at, created_at)
SELECT md5('c' || g || '-1')::uuid, md5('u' || g)::uuid, 'Contact 1', 'c' || g || '-1@example.org',
       'Bench message ' || g, 'accepted', now() - interval '20 days', now() - interval '30 days'
FROM generate_series($X_END + 1, $ACCOUNTS) g WHERE g % 10 = 0;
VACUUM ANALYZE users;
VACUUM ANALYZE accounts;
VACUUM ANALYZE check_ins;
VACUUM ANALYZE trusted_contacts;
VACUUM ANALYZE bench.due;
SQL
log "seeded in $(( ($(now_ms) - SEED_MS) / 1000 )) s"

log "EXPLAIN of the scan's three due queries (as in CheckInRepository)"
EXPLAIN_OUT=$(psql_run <<'SQL'
\echo -- reminders
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT CAST(user_id AS varchar) FROM check_ins
 WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= now() ORDER BY next_reminder_at LIMIT 500 FOR UPDATE SKIP LOCKED;
\echo -- asks
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT CAST(user_id AS varchar) FROM check_ins
 WHERE ask_contacts_at IS NOT NULL AND ask_contacts_at <= now() ORDER BY ask_contacts_at LIMIT 500 FOR UPDATE SKIP LOCKED;
\echo -- releases
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT CAST(user_id AS varchar) FROM check_ins
 WHERE enabled AND NOT suspended AND released_at IS NULL AND release_at <= now() ORDER BY release_at LIMIT 500;
SQL
)
echo "$EXPLAIN_OUT"
FAIL=0
for idx in check_ins_reminder_due_idx check_ins_ask_due_idx check_ins_release_due_idx; do
    grep -q "Index Scan using $idx on check_ins" <<<"$EXPLAIN_OUT" \
        || { echo "FAIL: a due query does not use $idx" >&2; FAIL=1; }
done

# --- one scan ----------------------------------------------------------------------------------
log "second start: scan every 1s; waiting for the scan that handles the due sets"
: >"$WORK/app.log"
start_app 1s
START_MS=$(now_ms)
progress() {
    psql_run -t -A -F ' ' -c "SELECT (SELECT count(*) FROM check_in_reminders), (SELECT count(*) FROM check_in_contact_asks),
                                     (SELECT count(*) FROM check_ins WHERE released_at IS NOT NULL)"
}
DONE=0
WAIT_UNTIL=$(( $(date +%s) + 1200 ))   # 20 minutes: a slow scan is reported, not waited for forever
while [[ $(date +%s) -lt $WAIT_UNTIL ]]; do
    read -r SENT ASKED RELEASED <<<"$(progress)"
    if [[ "$SENT" -ge "$DUE" && "$ASKED" -ge $(( 2 * ASKS )) && "$RELEASED" -ge "$RELEASES" ]] \
        && grep -q 'Check-in scan queued' "$WORK/app.log"; then
        DONE=1; break
    fi
    sleep 0.5
done
WALL_S=$(( ($(now_ms) - START_MS) / 1000 ))
[[ $DONE -eq 1 ]] || { echo "within 20 minutes only $SENT of $DUE reminders, $ASKED of $(( 2 * ASKS )) asks, $RELEASED of $RELEASES releases" >&2; exit 1; }
# Three more scans: anything handled twice would show up now.
sleep 3.5

# The scan's own log line(s): normally one scan does everything.
mapfile -t LINES < <(grep -oE 'Check-in scan queued [0-9]+ reminders, asked the contacts of [0-9]+ accounts and released [0-9]+ accounts in [0-9]+ ms' "$WORK/app.log" || true)
SCAN_MS=0
for line in "${LINES[@]}"; do
    SCAN_MS=$(( SCAN_MS + $(sed -E 's/.* in ([0-9]+) ms/\1/' <<<"$line") ))
done
# The same from the database: the first reminder recorded to the last ask or release (each batch
# stamps its rows with the scan's clock).
SPAN=$(psql_run -t -A -c "SELECT round(extract(epoch FROM
    greatest((SELECT max(sent_at) FROM check_in_reminders), (SELECT max(asked_at) FROM check_in_contact_asks),
             (SELECT max(released_at) FROM check_ins))
  - least((SELECT min(sent_at) FROM check_in_reminders), (SELECT min(asked_at) FROM check_in_contact_asks),
          (SELECT min(released_at) FROM check_ins)))::numeric, 1)")
STAGES=$(psql_run -t -A -c "SELECT 'reminders ' || round(extract(epoch FROM max(sent_at) - min(sent_at))::numeric, 1)
    || ' s, asks ' || (SELECT round(extract(epoch FROM max(asked_at) - min(asked_at))::numeric, 1) FROM check_in_contact_asks)
    || ' s, releases ' || (SELECT round(extract(epoch FROM max(released_at) - min(released_at))::numeric, 1) FROM check_ins)
    || ' s' FROM check_in_reminders")
BLOCKED=$(grep -c 'has been blocked for' "$WORK/app.log" || true)

# --- exact counts ------------------------------------------------------------------------------
# Each line: what, expected, actual. Every check_in message the scan can queue is counted, by
# template (outbox kind sms with template sms: the reminders' text messages).
COUNTS=$(psql_run -t -A -F '|' <<SQL
WITH o AS (SELECT o.*, d.stage, d.phone FROM outbox o LEFT JOIN bench.due d ON d.user_id = o.user_id)
SELECT 'reminder rows', $DUE, count(*) FROM check_in_reminders
UNION ALL SELECT 'reminder rows: distinct (account, deadline), sent, of the reminder set', $DUE,
    count(DISTINCT (r.user_id, r.deadline_no)) FILTER (WHERE d.stage = 'r' AND r.sent_at IS NOT NULL AND r.skipped_at IS NULL
                                                       AND r.offset_seconds = 86400)
    FROM check_in_reminders r LEFT JOIN bench.due d USING (user_id)
UNION ALL SELECT 'reminder rows escalated = user has a phone', $DUE,
    count(*) FILTER (WHERE r.escalated = d.phone) FROM check_in_reminders r JOIN bench.due d USING (user_id)
UNION ALL SELECT 'reminder mails (check-in-reminder)', $DUE, count(*) FROM o WHERE template = 'check-in-reminder'
UNION ALL SELECT 'reminder mails: distinct accounts of the reminder set', $DUE,
    count(DISTINCT user_id) FILTER (WHERE stage = 'r') FROM o WHERE template = 'check-in-reminder'
UNION ALL SELECT 'escalated reminder SMS (sms)', $PHONES, count(*) FROM o WHERE kind = 'sms' AND template = 'sms'
UNION ALL SELECT 'escalated reminder SMS: distinct accounts with a phone', $PHONES,
    count(DISTINCT user_id) FILTER (WHERE phone AND payload->>'link_purpose' = 'check-in')
    FROM o WHERE kind = 'sms' AND template = 'sms'
UNION ALL SELECT 'ask rows (check_in_contact_asks)', $(( 2 * ASKS )), count(*) FROM check_in_contact_asks
UNION ALL SELECT 'ask rows: accepted contacts of the ask set', $(( 2 * ASKS )),
    count(*) FILTER (WHERE d.stage = 'a' AND c.consent = 'accepted')
    FROM check_in_contact_asks k JOIN trusted_contacts c ON c.id = k.contact_id LEFT JOIN bench.due d ON d.user_id = k.user_id
UNION ALL SELECT 'ask switches with ask_contacts_at still set', 0,
    count(*) FROM check_ins c JOIN bench.due d USING (user_id) WHERE d.stage = 'a' AND c.ask_contacts_at IS NOT NULL
UNION ALL SELECT 'ask mails (check-on-owner)', $ASKS, count(*) FROM o WHERE template = 'check-on-owner'
UNION ALL SELECT 'ask SMS (check-on-owner-sms)', $ASKS, count(*) FROM o WHERE template = 'check-on-owner-sms'
UNION ALL SELECT 'ask messages: distinct (contact, deadline) of an ask row, to its address', $(( 2 * ASKS )),
    count(DISTINCT o.payload->>'link_target') FROM o JOIN check_in_contact_asks k
        ON o.payload->>'link_target' = k.contact_id || ':' || k.deadline_no
    JOIN trusted_contacts c ON c.id = k.contact_id AND o.recipient = coalesce(c.email, c.phone)
    WHERE o.template IN ('check-on-owner', 'check-on-owner-sms')
UNION ALL SELECT 'released switches', $RELEASES, count(*) FROM check_ins WHERE released_at IS NOT NULL
UNION ALL SELECT 'released switches of the release set, account fulfilled', $RELEASES,
    count(*) FROM check_ins c JOIN bench.due d USING (user_id) JOIN accounts a USING (user_id)
    WHERE d.stage = 'x' AND c.released_at IS NOT NULL AND a.account_status = 'fulfilled'
UNION ALL SELECT 'account.released events', $RELEASES, count(*) FROM security_events WHERE type = 'account.released'
UNION ALL SELECT 'release mails (trusted-contact-release)', $RELEASES, count(*) FROM o WHERE template = 'trusted-contact-release'
UNION ALL SELECT 'release SMS (trusted-contact-release-sms)', $RELEASES, count(*) FROM o WHERE template = 'trusted-contact-release-sms'
UNION ALL SELECT 'release messages: distinct accepted contacts of the release set', $(( 2 * RELEASES )),
    count(DISTINCT c.id) FROM o JOIN trusted_contacts c ON c.user_id = o.user_id AND o.recipient = coalesce(c.email, c.phone)
    WHERE o.template IN ('trusted-contact-release', 'trusted-contact-release-sms') AND c.consent = 'accepted' AND o.stage = 'x'
UNION ALL SELECT 'outbox rows of any other template', 0,
    count(*) FROM o WHERE template NOT IN ('check-in-reminder', 'sms', 'check-on-owner', 'check-on-owner-sms',
                                           'trusted-contact-release', 'trusted-contact-release-sms')
UNION ALL SELECT 'dead outbox rows', 0, count(*) FROM o WHERE status = 'dead'
UNION ALL SELECT 'Vert.x blocked-thread warnings', 0, $BLOCKED;
SQL
)
OUTBOX=$(psql_run -t -A -c "SELECT string_agg(template || '=' || n, ' ' ORDER BY template) FROM (SELECT template, count(*) n FROM outbox GROUP BY template) s")

echo
echo "== check-in scan ($(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "accounts=$ACCOUNTS due: reminders=$DUE (with a phone: $PHONES) asks=$ASKS releases=$RELEASES"
printf '%-75s %10s %10s\n' "count" "expected" "actual"
while IFS='|' read -r what expected actual; do
    [[ -n "$what" ]] || continue
    mark=""
    [[ "$expected" == "$actual" ]] || { mark="  <-- FAIL"; FAIL=1; }
    printf '%-75s %10s %10s%s\n' "$what" "$expected" "$actual" "$mark"
done <<<"$COUNTS"
echo "outbox by template: $OUTBOX"
echo "scan log lines: ${#LINES[@]}"
for line in "${LINES[@]}"; do echo "  $line"; done
echo "scan time: ${SCAN_MS} ms by the log; ${SPAN} s first to last row in the database ($STAGES);"
echo "  ~${WALL_S} s from ready to all handled (includes the scan's 5 s start delay and the polling)"
SCAN_S=$(( SCAN_MS / 1000 ))
SPAN_S=${SPAN%.*}
[[ ${#LINES[@]} -ge 1 ]] || { echo "FAIL: no scan log line" >&2; FAIL=1; }
if [[ $SCAN_S -ge 60 || ${SPAN_S:-0} -ge 60 ]]; then echo "FAIL: the scan took 60 s or more" >&2; FAIL=1; fi
[[ $FAIL -eq 0 ]] && echo "PASS: every due reminder, ask and release handled exactly once in under 60 s"
exit $FAIL
