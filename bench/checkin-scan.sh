#!/usr/bin/env bash
# Check-in scan benchmark: seeds 1,000,000 accounts with check-in enabled, 50,000 of them due for a
# reminder, starts the app and measures how long one scan takes to queue all their reminders
# (the bar: < 60 s). Also prints the EXPLAIN of the scan's two queries, to show that they
# run on the partial due-time indexes and not on a scan of every account.
#
# Usage: bench/checkin-scan.sh [--no-build] [--accounts N] [--due N]
#   --no-build    use target/quarkus-app/quarkus-run.jar as it is
#   --accounts N  accounts with check-in enabled (default 1000000)
#   --due N       of these, how many have a reminder due now (default 50000)
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
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=0; shift ;;
        --accounts) ACCOUNTS="$2"; shift 2 ;;
        --due) DUE="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$ACCOUNTS" =~ ^[0-9]+$ && "$DUE" =~ ^[0-9]+$ && "$DUE" -le "$ACCOUNTS" ]] \
    || { echo "--accounts and --due must be numbers, due <= accounts" >&2; exit 2; }

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
        -Dquarkus.log.category.\"quarkus.mailer\".level=WARN -Dquarkus.log.category.\"io.quarkus.mailer\".level=WARN \
        -Dvigil.check-in.scan-every="$1" \
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
log "seeding $ACCOUNTS users/accounts with check-in enabled, $DUE due for a reminder"
SEED_MS=$(now_ms)
psql_run <<SQL
SET synchronous_commit = off;
INSERT INTO users (id, username, email, password_hash, created_at, updated_at)
SELECT md5('u' || g)::uuid, 'bench' || g, 'bench' || g || '@example.org', 'x', now(), now()
FROM generate_series(1, $ACCOUNTS) g;
INSERT INTO accounts (id, user_id, referral_code, subscription_start_date, created_at, updated_at)
SELECT md5('a' || g)::uuid, md5('u' || g)::uuid, 'B' || lpad(g::text, 9, '0'), now(), now(), now()
FROM generate_series(1, $ACCOUNTS) g;
-- interval P10D, grace P3D, timezone UTC. The first $DUE: due in 12 h, so their P1D reminder
-- (12 h ago) is due now. The rest: due in 5 days, next reminder (P1D) in 4 days.
INSERT INTO check_ins (user_id, enabled, interval_seconds, grace_seconds, deadline_no, last_check_in_at,
                       next_due_at, release_at, next_reminder_at, created_at, updated_at)
SELECT md5('u' || g)::uuid, true, 864000, 259200, 1, now() - interval '5 days',
       CASE WHEN g <= $DUE THEN now() + interval '12 hours' ELSE now() + interval '5 days' END,
       CASE WHEN g <= $DUE THEN now() + interval '3 days 12 hours' ELSE now() + interval '8 days' END,
       CASE WHEN g <= $DUE THEN now() - interval '12 hours' ELSE now() + interval '4 days' END,
       now(), now()
FROM generate_series(1, $ACCOUNTS) g;
VACUUM ANALYZE users;
VACUUM ANALYZE accounts;
VACUUM ANALYZE check_ins;
SQL
log "seeded in $(( ($(now_ms) - SEED_MS) / 1000 )) s"

log "EXPLAIN of the scan's queries"
EXPLAIN_OUT=$(psql_run <<'SQL'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT CAST(user_id AS varchar) FROM check_ins
 WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= now() ORDER BY next_reminder_at LIMIT 500 FOR UPDATE SKIP LOCKED;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT CAST(user_id AS varchar) FROM check_ins
 WHERE enabled AND NOT suspended AND released_at IS NULL AND release_at <= now() ORDER BY release_at LIMIT 500;
SQL
)
echo "$EXPLAIN_OUT"

# --- one scan ----------------------------------------------------------------------------------
log "second start: scan every 1s; waiting for the scan that queues the reminders"
: >"$WORK/app.log"
start_app 1s
START_MS=$(now_ms)
SENT=0
for _ in $(seq 1 1200); do
    SENT=$(psql_run -t -A -c "SELECT count(*) FROM check_in_reminders")
    [[ "$SENT" -ge "$DUE" ]] && break
    sleep 0.5
done
WALL_S=$(( ($(now_ms) - START_MS) / 1000 ))
[[ "$SENT" -ge "$DUE" ]] || { echo "only $SENT of $DUE reminders queued within 10 minutes" >&2; exit 1; }
# The scan's own span: from the first reminder it recorded to the last (sent_at is the scan's clock).
SPAN=$(psql_run -t -A -c "SELECT round(extract(epoch FROM max(sent_at) - min(sent_at))::numeric, 1) FROM check_in_reminders")
QUEUED=$(psql_run -t -A -c "SELECT count(*) FROM outbox WHERE template = 'check-in-reminder'")
BLOCKED=$(grep -c 'has been blocked for' "$WORK/app.log" || true)
LINE=$(grep -m1 -oE 'Check-in scan queued [0-9]+ reminders and released [0-9]+ accounts in [0-9]+ ms' "$WORK/app.log" || true)
echo "accounts=$ACCOUNTS due=$DUE reminders_recorded=$SENT reminder_messages_in_outbox=$QUEUED"
echo "scan span (first to last reminder recorded): ${SPAN} s; wall time from ready to all recorded: ~${WALL_S} s"
echo "blocked-thread warnings: $BLOCKED; load average: $(cut -d' ' -f1-3 /proc/loadavg); scan log: ${LINE:-none yet}"
