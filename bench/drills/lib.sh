# Shared helpers for the fault drills (sourced, not run). Everything listens on loopback only,
# every wait is bounded, and drills_init installs a trap that stops what the drill started
# (app instances, SMTP sink, private PostgreSQL) and removes the work directory.
#
# Knobs (environment):
#   SKIP_BUILD=1       never build; fail if target/quarkus-app/quarkus-run.jar is missing
#   KEEP_WORK=1        keep the work directory (logs, received-mail file) after the drill
#   DRILL_TIMEOUT=N    hard limit for the whole drill in seconds (default 600)
#   PG_BIN=DIR         PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   READY_SECONDS=N    how long an app instance may take to become ready (default 180)

set -euo pipefail

DRILLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$DRILLS_DIR/../.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=""
PGPORT=""
WATCHDOG_PID=""
SINK_PID=""
READY_SECONDS=${READY_SECONDS:-180}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
now_ms() { date +%s%3N; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

drills_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
    if [ -n "$WORK" ]; then
        for f in "$WORK"/*.pid; do
            [ -e "$f" ] || continue
            kill -9 "$(cat "$f")" 2>/dev/null
        done
        [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
        if [ -f "$WORK/pg/PG_VERSION" ]; then
            runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1
        fi
        { wait; } 2>/dev/null
        if [ "$rc" -ne 0 ]; then
            for f in "$WORK"/*.log; do
                [ -s "$f" ] || continue
                log "last lines of $(basename "$f"):"; tail -n 15 "$f" >&2
            done
        fi
        if [ "${KEEP_WORK:-0}" = 1 ]; then
            log "work directory kept: $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# drills_init NAME: work directory, cleanup trap and a watchdog that ends the drill after DRILL_TIMEOUT.
drills_init() {
    WORK=$(mktemp -d "/tmp/vigil-drill-$1.XXXXXX")
    chmod 755 "$WORK"
    trap drills_cleanup EXIT
    trap 'log "interrupted"; exit 130' INT
    trap 'log "stopped (watchdog or signal)"; exit 124' TERM
    ( sleep "${DRILL_TIMEOUT:-600}"; kill -TERM $$ 2>/dev/null ) >/dev/null 2>&1 &
    WATCHDOG_PID=$!
    command -v psql >/dev/null || die "psql is missing (Debian package postgresql-client)"
    [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries in $PG_BIN"
}

ensure_jar() {
    if [ -f "$JAR" ]; then return; fi
    [ "${SKIP_BUILD:-0}" = 1 ] && die "$JAR is missing and SKIP_BUILD=1"
    log "building the jar (./mvnw -B -q package -DskipTests)"
    (cd "$ROOT" && timeout 900 ./mvnw -B -q package -DskipTests) || die "build failed"
}

# pg_start: a private PostgreSQL in $WORK/pg on a free loopback port ($PGPORT), trust auth.
pg_start() {
    PGPORT=$(free_port)
    mkdir -p "$WORK/pg" "$WORK/sock"
    chown postgres "$WORK/pg" "$WORK/sock"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
    pg_ctl_do start
    log "PostgreSQL on 127.0.0.1:$PGPORT"
}

# pg_ctl_do ACTION [args]: pg_ctl for the private server (start, stop -m fast, restart -m fast, ...).
pg_ctl_do() {
    local action=$1; shift
    touch "$WORK/pg.log" && chown postgres "$WORK/pg.log"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -t 60 -w \
        -o "-p $PGPORT -k $WORK/sock -c listen_addresses=localhost -c max_connections=200" \
        "$action" "$@" >/dev/null
}

sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "$1"; }

# queue_mails N: N profile-changed mails straight into the outbox (one statement, one NOTIFY).
queue_mails() {
    sql "INSERT INTO outbox (id, kind, template, recipient, payload, status, attempts, next_attempt_at,
                             created_at, updated_at, idempotency_key)
         SELECT gen_random_uuid(), 'mail', 'profile-changed', 'drill-' || g || '@example.org',
                '{\"changed\":[\"display_name\"]}'::jsonb, 'pending', 0, now(), now(), now(),
                'drill-' || gen_random_uuid()
         FROM generate_series(1, $1) g;"
}

outbox_open() { sql "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending');"; }
outbox_status() { sql "SELECT coalesce(string_agg(status || '=' || n, ' '), 'empty') FROM (SELECT status, count(*) n FROM outbox GROUP BY status ORDER BY status) s;"; }

# sink_start PORT FILE: the counting SMTP receiver.
sink_start() {
    : >"$2"
    python3 "$DRILLS_DIR/smtp_sink.py" "$1" "$2" "${DRILL_TIMEOUT:-600}" 2>"$WORK/sink.log" &
    SINK_PID=$!
    local i
    for i in $(seq 1 50); do
        (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return
        sleep 0.1
    done
    die "SMTP sink did not start"
}

received() { wc -l <"$1" | tr -d ' '; }

# app_start NAME HTTP_PORT SMTP_PORT [-Dkey=value ...]: one app instance, log in $WORK/NAME.log.
# Its management interface (health, metrics) gets a free port of its own: mgmt_port NAME.
app_start() {
    local name=$1 port=$2 smtp=$3 mgmt; shift 3
    mgmt=$(free_port)
    echo "$mgmt" >"$WORK/$name.mgmt"
    java -Xmx512m \
        -Dquarkus.datasource.reactive.url="postgresql://localhost:$PGPORT/postgres" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$PGPORT/postgres" \
        -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=x \
        -Dvigil.embedded-postgres.enabled=false \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$mgmt" \
        -Dquarkus.mailer.mock=false -Dquarkus.mailer.host=127.0.0.1 -Dquarkus.mailer.port="$smtp" \
        -Dquarkus.mailer.start-tls=DISABLED -Dquarkus.mailer.tls=false \
        "$@" -jar "$JAR" >>"$WORK/$name.log" 2>&1 &
    echo $! >"$WORK/$name.pid"
    disown $!   # no job-control chatter when a drill kills it
}

app_pid() { cat "$WORK/$1.pid"; }
mgmt_port() { cat "$WORK/$1.mgmt"; }

# wait_ready NAME SECONDS: until the instance's /q/health/ready (management port) answers 200.
wait_ready() {
    local deadline=$(( $(date +%s) + $2 )) url
    url="http://127.0.0.1:$(mgmt_port "$1")/q/health/ready"
    while [ "$(date +%s)" -lt "$deadline" ]; do
        [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url")" = 200 ] && return 0
        sleep 0.2
    done
    return 1
}

# app_stop NAME [SIGNAL]: signal one instance (default TERM) and wait (bounded) until it is gone.
app_stop() {
    local pid; pid=$(app_pid "$1")
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$WORK/$1.pid"
}

machine() { echo "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"; }
