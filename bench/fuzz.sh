#!/usr/bin/env bash
# Input walk against the built jar: every operation of the served OpenAPI document, with hostile
# input (control characters, duplicate keys, trailing content, wrong types, huge values, broken
# paths, queries and forms), as an anonymous caller, a user and an admin. Loopback only, bounded.
#
#   bench/fuzz.sh [--no-build]
#
#   --no-build   never build; use target/quarkus-app/quarkus-run.jar as it is. Without it the jar
#                is built (./mvnw -B -q package -DskipTests) when it is missing.
#   FUZZ_TIMEOUT (environment) hard limit for the whole run in seconds (default 1200).
#
# The walk is src/test/java/dev/vigil/common/error/InputWalk.java, the same code InputWalkTest runs
# in `./mvnw verify`; here it is compiled with javac against the jar's own Jackson and pointed at
# the jar, started on a free port with the embedded PostgreSQL in a temp directory, rate limits and
# quotas off, mails mocked and a bootstrap superuser as the admin. Prints every finding and
# `N requests, M × 5xx`; exits 1 on any 5xx, 2 when another input rule was broken (a 4xx that is not
# a problem, a rule answered with the wrong status). The app is stopped and the temp directory
# removed on exit, also on failure (the app log is then printed).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
WALK_SOURCE="$ROOT/src/test/java/dev/vigil/common/error/InputWalk.java"

BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

log() { printf '[fuzz %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

WORK=$(mktemp -d /tmp/vigil-fuzz.XXXXXX)
APP_PID=""
WATCHDOG_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID"
        for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
        wait "$APP_PID" 2>/dev/null
    fi
    # A killed app can leave its embedded PostgreSQL running: stop it by the pid it wrote.
    if [[ -f "$WORK/pg/postmaster.pid" ]]; then
        kill "$(head -n 1 "$WORK/pg/postmaster.pid")" 2>/dev/null
        sleep 1
    fi
    if [[ $rc -ne 0 && -s "$WORK/app.log" ]]; then
        log "last lines of the app log:"; tail -n 30 "$WORK/app.log" >&2
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped (watchdog or signal)"; exit 124' TERM
( sleep "${FUZZ_TIMEOUT:-1200}"; kill -TERM $$ 2>/dev/null ) >/dev/null 2>&1 &
WATCHDOG_PID=$!

if [[ ! -f "$JAR" ]]; then
    [[ $BUILD -eq 1 ]] || { log "$JAR is missing and --no-build was given"; exit 2; }
    log "building the jar (./mvnw -B -q package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi

log "compiling the walk"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$ROOT/target/quarkus-app/lib/main/*" "$WALK_SOURCE"

PORT=$(free_port)
ADMIN=fuzz-admin
ADMIN_PASSWORD="fuzz admin $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
log "starting the app on 127.0.0.1:$PORT (embedded PostgreSQL in $WORK/pg)"
java -Xmx512m \
    -Dvigil.embedded-postgres.data-dir="$WORK/pg" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(free_port)" \
    -Dvigil.public-url="http://127.0.0.1:$PORT" \
    -Dvigil.rate-limit.enabled=false -Dvigil.quota.enabled=false -Dquarkus.mailer.mock=true \
    -Dvigil.bootstrap-admin.username="$ADMIN" -Dvigil.bootstrap-admin.email="$ADMIN@example.org" \
    -Dvigil.bootstrap-admin.password="$ADMIN_PASSWORD" \
    -jar "$JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!

# Ready when the API answers the OpenAPI document (health may live on the management port).
for _ in $(seq 1 900); do
    kill -0 "$APP_PID" 2>/dev/null || { log "the app exited during start"; exit 3; }
    [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/q/openapi?format=json")" == 200 ]] && break
    sleep 0.2
done
[[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/q/openapi?format=json")" == 200 ]] \
    || { log "the app did not become ready"; exit 3; }

log "walking"
set +e
java -cp "$WORK/classes:$ROOT/target/quarkus-app/lib/main/*" dev.vigil.common.error.InputWalk \
    "http://127.0.0.1:$PORT" "$ADMIN" "$ADMIN_PASSWORD" | tee "$WORK/walk.out"
WALK_RC=${PIPESTATUS[0]}
set -e
ERRORS=$(grep -c ' ERROR ' "$WORK/app.log" || true)
log "app log: $ERRORS ERROR line(s)"
exit "$WALK_RC"
