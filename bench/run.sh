#!/usr/bin/env bash
# Vigil load benchmark: one command, loopback only, every load bounded in time.
#
#   bench/run.sh [--no-build] [--users N] [--duration SECONDS] [--argon2 M,T,P] [--check-in MODE]
#                [--signing-algorithm ALG] [--start launcher|java] [--java-home DIR] [--login-jvms N]
#                [--login-warm-up S]
#
#   --no-build      never build; use target/quarkus-app/quarkus-run.jar as it is. Without it the
#                   jar is built (./mvnw -B -q package -DskipTests) when missing or older than src/.
#   --users N       users to seed through the API (default 200; at least 80, as the refresh runs
#                   use one fresh session per connection: 16 + 64).
#   --duration S    length of every wrk run in seconds (default 15).
#   --argon2 M,T,P  Argon2id memory KiB, iterations, parallelism for the app and the hash-rate
#                   measurement (default: the app's configuration, 19456,2,1). Keycloak's: 7168,5,1.
#   --check-in MODE off (default): the seeded users have no check-in switch. on: every seeded user's
#                   switch is on (interval P10D, nothing due), activity_counts false. activity: the
#                   same with activity_counts true, so their logins and refreshes count as check-ins.
#                   With on/activity the users are registered first, the switches written in SQL,
#                   then the seeding logins run, so activity counts from the first login.
#   --signing-algorithm ALG  ES256 (default, the app's default) or EdDSA: the app's
#                   vigil.tokens.signing-algorithm. The database is new, so the first key has it.
#   --start HOW     launcher (default): the packaged start script, bin/vigil, with its defaults for a
#                   small server (heap, GC, the AOT cache when it matches the JDK). java: plain
#                   java -jar with the JVM's own defaults.
#   --java-home DIR the JDK that runs the app (default: the java on the PATH), e.g. a JDK 25 to use
#                   an app.aot built with ./mvnw verify -Paot.
#   --login-jvms N  the login run at 16 connections in N JVM starts in all (default 5): the first is
#                   the main run's, each other one a fresh start of the app on the same database,
#                   so a JIT that compiles Argon2 badly in some starts shows. Each start's time to
#                   ready is recorded too.
#   --login-warm-up S  seconds of uncounted logins in each fresh JVM before its login run
#                   (default 30; 5 s left the JIT still compiling the login path).
#   BENCH_JVM_ARGS  (environment) extra JVM options for the app, e.g. a flight recording.
#
# What it does: measures Argon2id hashes/s on one thread (bench/HashRate.java: the app's own
# implementation, from the packaged app); starts a private PostgreSQL 15 (Debian binaries) in a temp dir on a free
# port; starts the app jar on a free port (rate limits and quotas off, mails mocked) and measures
# start-to-ready and idle RSS; seeds users (register, then one login each); runs wrk at 16 and 64
# connections against GET /q/health/live (management port), GET /api/v1/me, POST /api/v1/auth/login and
# POST /api/v1/auth/refresh, sampling the app's RSS twice a second through every phase; then runs
# the login at 16 connections again in fresh JVMs (--login-jvms). Writes
# bench/results/latest.json and bench/results/latest.md and prints the table.
# Exits non-zero (after writing the results) if the app logged a Vert.x blocked-thread warning.
# The app and PostgreSQL are stopped and the temp dir removed on exit, also on failure.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
RESULTS="$BENCH_DIR/results"

BUILD=1
USERS=200
DURATION=15
ARGON2=""
CHECK_IN=off
SIGNING_ALGORITHM=ES256
START_WITH=launcher
JAVA_HOME_ARG=""
LOGIN_JVMS=5
LOGIN_WARM_UP=30
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=0; shift ;;
        --users) USERS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --argon2) ARGON2="$2"; shift 2 ;;
        --check-in) CHECK_IN="$2"; shift 2 ;;
        --signing-algorithm) SIGNING_ALGORITHM="$2"; shift 2 ;;
        --start) START_WITH="$2"; shift 2 ;;
        --java-home) JAVA_HOME_ARG="$2"; shift 2 ;;
        --login-jvms) LOGIN_JVMS="$2"; shift 2 ;;
        --login-warm-up) LOGIN_WARM_UP="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$USERS" =~ ^[0-9]+$ && "$USERS" -ge 80 ]] || { echo "--users must be a number >= 80" >&2; exit 2; }
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 1 ]] || { echo "--duration must be whole seconds >= 1" >&2; exit 2; }
[[ "$CHECK_IN" =~ ^(off|on|activity)$ ]] || { echo "--check-in wants off, on or activity" >&2; exit 2; }
[[ "$SIGNING_ALGORITHM" =~ ^(ES256|EdDSA)$ ]] || { echo "--signing-algorithm wants ES256 or EdDSA" >&2; exit 2; }
[[ "$START_WITH" =~ ^(launcher|java)$ ]] || { echo "--start wants launcher or java" >&2; exit 2; }
[[ "$LOGIN_JVMS" =~ ^[1-9][0-9]*$ ]] || { echo "--login-jvms must be a number >= 1" >&2; exit 2; }
[[ "$LOGIN_WARM_UP" =~ ^[1-9][0-9]*$ ]] || { echo "--login-warm-up must be whole seconds >= 1" >&2; exit 2; }
if [[ -n "$JAVA_HOME_ARG" ]]; then
    [[ -x "$JAVA_HOME_ARG/bin/java" ]] || { echo "--java-home: no $JAVA_HOME_ARG/bin/java" >&2; exit 2; }
    APP_JAVA="$JAVA_HOME_ARG/bin/java"
else
    APP_JAVA=$(command -v java)
fi
if [[ -n "$ARGON2" ]]; then
    [[ "$ARGON2" =~ ^([0-9]+),([0-9]+),([0-9]+)$ ]] || { echo "--argon2 wants M,T,P, e.g. 7168,5,1" >&2; exit 2; }
    A2_M=${BASH_REMATCH[1]} A2_T=${BASH_REMATCH[2]} A2_P=${BASH_REMATCH[3]}
else
    A2_M=19456 A2_T=2 A2_P=1
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- cleanup: stop what we started, by pid / data dir, and remove the temp dir -------------------
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/vigil-bench.XXXXXX)
APP_PID=""
PG_DATA="$WORK/pg/data"
PG_STARTED=0
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    local rc=$?
    set +e
    [[ -n "${SAMPLER:-}" ]] && kill "$SAMPLER" 2>/dev/null
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID"
        for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
        wait "$APP_PID" 2>/dev/null
    fi
    if [[ $PG_STARTED -eq 1 ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
    fi
    if [[ $rc -ne 0 && -f "$WORK/app.log" ]]; then
        mkdir -p "$RESULTS" && cp "$WORK/app.log" "$RESULTS/app.log" && log "app log kept in $RESULTS/app.log"
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------
if [[ $BUILD -eq 1 ]]; then
    if [[ ! -f "$JAR" || -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
        log "building the jar (./mvnw -B -q package -DskipTests)"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
    fi
fi
[[ -f "$JAR" ]] || { echo "no $JAR (build it or drop --no-build)" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
    else sudo apt-get install -y -q wrk >/dev/null; fi
fi
for tool in curl jq python3 java "$PG_BIN/initdb"; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

# --- Argon2id on one thread --------------------------------------------------------------------
# The app's own Argon2id, from the packaged app (its jar and Bouncy Castle's, for Blake2b).
HASH_CP="$(dirname "$JAR")/app/*:$(dirname "$JAR")/lib/main/*"
log "Argon2id m=$A2_M,t=$A2_T,p=$A2_P on one thread (3 s warm-up, 5 s count)"
# hash_rate THREADS: the best of three runs of bench/HashRate.java (3 s warm-up + 5 s each). One run
# is not enough: on this VM back-to-back runs on an idle machine differ by up to a third; the best
# run is the speed the app's warmed-up hashing threads reach.

hash_rate() {
    local best="" line rate
    for _ in 1 2 3; do
        line=$("$APP_JAVA" -cp "$HASH_CP" "$BENCH_DIR/HashRate.java" "$A2_M" "$A2_T" "$A2_P" 5 "$1")
        rate=$(sed -E 's/.*hashes_per_s=([0-9.]+).*/\1/' <<<"$line")
        if [[ -z "$best" ]] || awk -v a="$rate" -v b="$(sed -E 's/.*hashes_per_s=([0-9.]+).*/\1/' <<<"$best")" 'BEGIN {exit !(a > b)}'; then
            best=$line
        fi
    done
    echo "$best"
}

HASH_LINE=$(hash_rate 1)
HASH_PER_S=$(sed -E 's/.*hashes_per_s=([0-9.]+).*/\1/' <<<"$HASH_LINE")
HASH_MS=$(sed -E 's/.*ms_per_hash=([0-9.]+).*/\1/' <<<"$HASH_LINE")
log "$HASH_LINE"

# --- PostgreSQL --------------------------------------------------------------------------------
PG_PORT=$(free_port)
mkdir -p "$WORK/pg/sock"
chmod 755 "$WORK"
if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$WORK/pg"; fi
log "PostgreSQL on port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
PG_STARTED=1
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/pg.log" \
    -o "-p $PG_PORT -k $WORK/pg/sock -c listen_addresses=localhost -c max_connections=200" -w start >/dev/null

# --- app ---------------------------------------------------------------------------------------
APP_PORT=$(free_port)
BASE="http://127.0.0.1:$APP_PORT"
# Health and metrics answer on the management interface, a port of its own.
MGMT_PORT=$(free_port)
MGMT="http://127.0.0.1:$MGMT_PORT"
APP_ARGS=(
    -Dquarkus.datasource.reactive.url="postgresql://localhost:$PG_PORT/postgres"
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$PG_PORT/postgres"
    -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=x
    -Dquarkus.http.port="$APP_PORT" -Dquarkus.http.host=127.0.0.1
    -Dquarkus.management.port="$MGMT_PORT" -Dquarkus.management.host=127.0.0.1
    -Dvigil.rate-limit.enabled=false -Dvigil.quota.enabled=false -Dquarkus.mailer.mock=true
    -Dvigil.tokens.signing-algorithm="$SIGNING_ALGORITHM"
    -Dquarkus.shutdown.delay-enabled=false
)
# Extra JVM options for the app, e.g. a flight recording: BENCH_JVM_ARGS="-XX:StartFlightRecording=..."
if [[ -n "${BENCH_JVM_ARGS:-}" ]]; then
    read -r -a EXTRA_JVM_ARGS <<<"$BENCH_JVM_ARGS"
    APP_ARGS=("${EXTRA_JVM_ARGS[@]}" "${APP_ARGS[@]}")
fi
if [[ -n "$ARGON2" ]]; then
    APP_ARGS+=(-Dvigil.password.argon2.memory-kib="$A2_M" -Dvigil.password.argon2.iterations="$A2_T"
        -Dvigil.password.argon2.parallelism="$A2_P")
fi
# The app runs from a private copy in the temp dir: its path tells it apart from other Vigil
# instances on the machine. The launcher execs java, so $! is the JVM's pid either way.
cp -r "$(dirname "$JAR")" "$WORK/app"
# start_app LOG: starts the app, waits until it is ready; sets APP_PID, READY_MS, QUARKUS_STARTED_S.
start_app() {
    local app_log=$1 start_ms
    start_ms=$(now_ms)
    if [[ $START_WITH == launcher ]]; then
        JAVA_HOME=$(dirname "$(dirname "$APP_JAVA")") "$WORK/app/bin/vigil" "${APP_ARGS[@]}" >"$app_log" 2>&1 &
    else
        "$APP_JAVA" "${APP_ARGS[@]}" -jar "$WORK/app/quarkus-run.jar" >"$app_log" 2>&1 &
    fi
    APP_PID=$!
    READY_MS=""
    for _ in $(seq 1 3000); do
        kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$app_log" >&2; echo "the app died while starting" >&2; exit 1; }
        if [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$MGMT/q/health/ready" || true) == 200 ]]; then
            READY_MS=$(( $(now_ms) - start_ms )); break
        fi
        sleep 0.02
    done
    [[ -n "$READY_MS" ]] || { echo "the app was not ready within 60 s" >&2; exit 1; }
    QUARKUS_STARTED_S=$(grep -oE 'started in [0-9.]+s' "$app_log" | head -1 | grep -oE '[0-9.]+' | sed 's/\.$//' || true)
}
stop_app() {
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
}
log "starting the app on port $APP_PORT ($START_WITH, $("$APP_JAVA" -version 2>&1 | head -1))"
start_app "$WORK/app.log"
log "ready after ${READY_MS} ms (Quarkus: started in ${QUARKUS_STARTED_S:-?} s); idling 5 s"
FIRST_READY_MS=$READY_MS
FIRST_STARTED_S=${QUARKUS_STARTED_S:-}
[[ $START_WITH == launcher ]] && log "JVM: $(tr '\0' ' ' <"/proc/$APP_PID/cmdline" | sed 's/ -D[^ ]*//g')"
sleep 5
RSS_IDLE_KIB=$(rss_kib "$APP_PID")
# From here on the app's RSS is sampled twice a second, tagged with the phase that runs.
echo seeding >"$WORK/phase"
( while :; do
      if [[ -n "$(cat "$WORK/pid" 2>/dev/null)" ]]; then
          printf '%s %s\n' "$(cat "$WORK/phase")" "$(rss_kib "$(cat "$WORK/pid")")"
      fi
      sleep 0.5
  done ) >"$WORK/rss.txt" &
SAMPLER=$!
echo "$APP_PID" >"$WORK/pid"

# --- seed users through the API ----------------------------------------------------------------
PREFIX="bench$(date +%s)u"
PASSWORD="Qv7-lantern-orbit-mosaic-42"   # must not contain the username
export BENCH_LUA="$BENCH_DIR/lua" BENCH_USERS="$USERS" BENCH_PREFIX="$PREFIX" BENCH_PASSWORD="$PASSWORD"
log "seeding $USERS users (register, then one login each; check-in: $CHECK_IN)"
register_one() {
    local n=$1 code
    code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"username\":\"$PREFIX$n\",\"email\":\"$PREFIX$n@bench.test\",\"password\":\"$PASSWORD\"}" \
        "$BASE/api/v1/auth/register")
    [[ $code == 202 ]] || { echo "register $PREFIX$n answered $code" >&2; return 1; }
}
login_one() {
    curl -s -f --max-time 30 -H 'Content-Type: application/json' -d "{\"login\":\"$PREFIX$1\",\"password\":\"$PASSWORD\"}" \
        "$BASE/api/v1/auth/login" | jq -r '[.access_token, .refresh_token] | @tsv'
}
seed_one() { register_one "$1" && login_one "$1"; }
export -f register_one login_one seed_one
export PREFIX PASSWORD BASE
seed_failed() {
    kill -0 "$APP_PID" 2>/dev/null || echo "the app is no longer running (see its log)" >&2
    exit 1
}
SEED_START=$(now_ms)
if [[ $CHECK_IN == off ]]; then
    seq 1 "$USERS" | xargs -P 4 -I{} bash -c 'seed_one {}' >"$WORK/tokens.tsv" || seed_failed
else
    seq 1 "$USERS" | xargs -P 4 -I{} bash -c 'register_one {}' || seed_failed
    # The switch as a verified user would turn it on (only a verified address may): nothing due for
    # days, so the scan has nothing to do; activity_counts per --check-in.
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h localhost -p "$PG_PORT" -U postgres -d postgres -c "
        UPDATE users SET email_verified = true WHERE username LIKE '$PREFIX%';
        INSERT INTO check_ins (user_id, enabled, interval_seconds, interval_text, grace_seconds, grace_text,
                               deadline_no, last_check_in_at, deadline_started_at, next_due_at, release_at,
                               next_reminder_at, ask_contacts_at, activity_counts, created_at, updated_at)
        SELECT id, true, 864000, 'P10D', 259200, 'P3D', 1, now() - interval '2 days', now() - interval '2 days',
               now() + interval '8 days', now() + interval '11 days', now() + interval '1 day',
               now() + interval '8 days', $([[ $CHECK_IN == activity ]] && echo true || echo false), now(), now()
        FROM users WHERE username LIKE '$PREFIX%';" || seed_failed
    seq 1 "$USERS" | xargs -P 4 -I{} bash -c 'login_one {}' >"$WORK/tokens.tsv" || seed_failed
fi
SEED_S=$(awk -v ms=$(( $(now_ms) - SEED_START )) 'BEGIN {printf "%.1f", ms / 1000}')
[[ $(grep -c . "$WORK/tokens.tsv") -eq $USERS ]] || { echo "seeding got $(grep -c . "$WORK/tokens.tsv") token pairs for $USERS users" >&2; exit 1; }
cut -f1 "$WORK/tokens.tsv" >"$WORK/access.txt"
log "seeded in ${SEED_S} s"
# The alg the app really signs with (header of a seeded access token), recorded beside the setting.
TOKEN_ALG=$(head -1 "$WORK/access.txt" | cut -d. -f1 | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' \
    | base64 -d 2>/dev/null | jq -r .alg)
[[ "$TOKEN_ALG" == "$SIGNING_ALGORITHM" ]] || { echo "the app signs with $TOKEN_ALG, not $SIGNING_ALGORITHM" >&2; exit 1; }

# --- wrk runs ----------------------------------------------------------------------------------
RUNS="$WORK/runs.jsonl"
: >"$RUNS"
# run_wrk NAME CONNECTIONS THREADS LUA URL
run_wrk() {
    local name=$1 conns=$2 threads=$3 script=$4 url=$5 out
    log "wrk $name: $conns connections, $threads threads, ${DURATION} s"
    [[ -f "$WORK/phase" && $(cat "$WORK/phase") == login-jvm-* ]] || echo "$name" >"$WORK/phase"
    out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 5s -s "$BENCH_DIR/lua/$script" "$url")
    grep '^BENCHJSON ' <<<"$out" | sed 's/^BENCHJSON //' \
        | jq -c --arg name "$name" --argjson c "$conns" --argjson t "$threads" \
            '{scenario: $name, connections: $c, threads: $t} + .' >>"$RUNS"
    tail -1 "$RUNS" | jq -r '"  \(.req_per_s) req/s, p50 \(.p50_us/1000) ms, p99 \(.p99_us/1000) ms, non-2xx \(.non2xx), socket errors \(.socket_errors | add)"' >&2
}
WRK_THREADS=$(( $(nproc) < 16 ? $(nproc) : 16 ))

for c in 16 64; do run_wrk trivial "$c" "$WRK_THREADS" trivial.lua "$MGMT/q/health/live"; done

for c in 16 64; do BENCH_TOKENS="$WORK/access.txt" run_wrk me "$c" "$WRK_THREADS" me.lua "$BASE/api/v1/me"; done

# Hash rate again right before the login runs (app idle), so external load that shifted during
# the run skews the login-vs-hashing comparison less; the comparison uses this figure.
log "Argon2id on one thread again, right before the login runs"
HASH2_LINE=$(hash_rate 1)
HASH2_PER_S=$(sed -E 's/.*hashes_per_s=([0-9.]+).*/\1/' <<<"$HASH2_LINE")
HASH2_MS=$(sed -E 's/.*ms_per_hash=([0-9.]+).*/\1/' <<<"$HASH2_LINE")
log "$HASH2_LINE"
# And on every core at once: memory-hard hashes slow each other down, so this is the machine's
# real hashing ceiling for logins (below cores x the one-thread rate).
log "Argon2id on $(nproc) threads at once"
HASHN_LINE=$(hash_rate "$(nproc)")
HASHN_PER_S=$(sed -E 's/.*hashes_per_s=([0-9.]+).*/\1/' <<<"$HASHN_LINE")
log "$HASHN_LINE"
for c in 16 64; do run_wrk login "$c" "$WRK_THREADS" login.lua "$BASE/api/v1/auth/login"; done

# Refresh: one connection per thread, each thread its own chain; fresh sessions for each run.
cut -f2 "$WORK/tokens.tsv" | sed -n '1,16p' >"$WORK/refresh-16.txt"
cut -f2 "$WORK/tokens.tsv" | sed -n '17,80p' >"$WORK/refresh-64.txt"
for c in 16 64; do BENCH_TOKENS="$WORK/refresh-$c.txt" run_wrk refresh "$c" "$c" refresh.lua "$BASE/api/v1/auth/refresh"; done
BLOCKED=$(grep -ciE 'Thread .* has been blocked' "$WORK/app.log" || true)

# Login at 16 connections in fresh JVMs on the same database: one figure per JVM start.
STARTS="$WORK/starts.jsonl"
jq -nc --argjson jvm 1 --argjson ready "$READY_MS" --arg qs "${QUARKUS_STARTED_S:-}" \
    '{jvm: $jvm, start_to_ready_ms: $ready, quarkus_started_in_s: (if $qs == "" then null else ($qs | tonumber) end)}' >"$STARTS"
for jvm in $(seq 2 "$LOGIN_JVMS"); do
    echo idle >"$WORK/phase"
    : >"$WORK/pid"
    stop_app
    log "JVM $jvm of $LOGIN_JVMS: a fresh start for the login run"
    start_app "$WORK/app-$jvm.log"
    echo "$APP_PID" >"$WORK/pid"
    log "ready after ${READY_MS} ms"
    jq -nc --argjson jvm "$jvm" --argjson ready "$READY_MS" --arg qs "${QUARKUS_STARTED_S:-}" \
        '{jvm: $jvm, start_to_ready_ms: $ready, quarkus_started_in_s: (if $qs == "" then null else ($qs | tonumber) end)}' >>"$STARTS"
    echo "login-jvm-$jvm" >"$WORK/phase"
    # The main JVM's login runs come after the seeding's logins and the /me runs; a fresh JVM gets
    # --login-warm-up seconds of logins first, not counted.
    DURATION=$LOGIN_WARM_UP run_wrk login-warm-up "16" "$WRK_THREADS" login.lua "$BASE/api/v1/auth/login"
    sed -i '$d' "$RUNS"
    run_wrk login "16" "$WRK_THREADS" login.lua "$BASE/api/v1/auth/login"
    tail -1 "$RUNS" | jq -c --argjson jvm "$jvm" '. + {jvm: $jvm}' >"$WORK/last.json"
    sed -i '$d' "$RUNS" && cat "$WORK/last.json" >>"$RUNS"
    BLOCKED=$(( BLOCKED + $(grep -ciE 'Thread .* has been blocked' "$WORK/app-$jvm.log" || true) ))
done
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
# Largest RSS per phase, and over every phase with load (all but seeding and idle gaps).
RSS_PHASES=$(awk '$2 > 0 { if ($2 > max[$1]) max[$1] = $2 } END { for (p in max) printf "%s %d\n", p, max[p] }' "$WORK/rss.txt" \
    | jq -R -s -c 'split("\n") | map(select(length > 0) | split(" ") | {(.[0]): ((.[1] | tonumber) / 1024)}) | add // {}')
RSS_LOAD_MAX_KIB=$(awk '$1 != "seeding" && $1 != "idle" && $2 > max { max = $2 } END { print max + 0 }' "$WORK/rss.txt")

# --- verdicts and results ----------------------------------------------------------------------
# With --check-in: how many switches the users' activity checked in, and how many check-ins that
# was in all (each starts a new deadline; the switches were seeded at deadline 1, two days old).
ACTIVITY_WRITES=null
if [[ $CHECK_IN != off ]]; then
    ACTIVITY_WRITES=$("$PG_BIN/psql" -X -q -t -A -h localhost -p "$PG_PORT" -U postgres -d postgres \
        -c "SELECT json_build_object('switches', count(*) FILTER (WHERE deadline_no > 1),
                                     'check_ins', coalesce(sum(deadline_no - 1), 0)) FROM check_ins")
fi
mkdir -p "$RESULTS"
CORES=$(nproc)
jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --argjson nproc "$CORES" \
    --argjson mem_kib "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)" \
    --arg cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
    --arg java "$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg load0 "$LOAD_AT_START" \
    --argjson users "$USERS" --argjson duration "$DURATION" --arg check_in "$CHECK_IN" --arg signing "$SIGNING_ALGORITHM" --arg token_alg "$TOKEN_ALG" \
    --argjson activity_writes "$ACTIVITY_WRITES" \
    --argjson m "$A2_M" --argjson t "$A2_T" --argjson p "$A2_P" \
    --argjson hps "$HASH_PER_S" --argjson hms "$HASH_MS" --argjson hps2 "$HASH2_PER_S" --argjson hms2 "$HASH2_MS" --argjson hpsn "$HASHN_PER_S" \
    --argjson ready_ms "$FIRST_READY_MS" --arg qs "$FIRST_STARTED_S" \
    --argjson rss_idle "$RSS_IDLE_KIB" --argjson rss_load "$RSS_LOAD_MAX_KIB" \
    --argjson seed_s "$SEED_S" --argjson blocked "$BLOCKED" \
    --argjson rss_phases "$RSS_PHASES" --arg start_with "$START_WITH" --arg app_java "$("$APP_JAVA" -version 2>&1 | head -1)" \
    --slurpfile runs "$RUNS" --slurpfile starts "$STARTS" \
    '{
      date: $date,
      machine: {nproc: $nproc, memory_kib: $mem_kib, cpu_model: $cpu, java_version: $java,
                load_average_at_start: $load0, load_average_at_end: $load,
                note: "app, PostgreSQL and wrk share this machine"},
      parameters: {users: $users, duration_s: $duration, argon2: {memory_kib: $m, iterations: $t, parallelism: $p},
                   check_in: $check_in, signing_algorithm: $signing, token_alg_seen: $token_alg,
                   started_with: $start_with, app_java: $app_java},
      argon2_one_thread: {at_start: {hashes_per_s: $hps, ms_per_hash: $hms},
                          before_login: {hashes_per_s: $hps2, ms_per_hash: $hms2},
                          logins_per_s_allowed_by_hashing: ($hps2 * $nproc)},
      argon2_all_cores: {threads: $nproc, hashes_per_s: $hpsn},
      startup: {start_to_ready_ms: $ready_ms, quarkus_started_in_s: (if $qs == "" then null else ($qs | tonumber) end),
                note: "first start: empty database, migrations run; later starts: populated database"},
      starts: $starts,
      rss: {idle_mib: ($rss_idle / 1024), under_load_max_mib: ($rss_load / 1024), max_mib_by_phase: $rss_phases},
      seeding_s: $seed_s,
      blocked_thread_warnings: $blocked,
      check_ins_written_by_activity: $activity_writes,
      runs: $runs
    }' >"$RESULTS/latest.json"

jq -r --slurpfile all "$RESULTS/latest.json" '
  def ms: . / 1000 | (. * 100 | round) / 100;
  def r1: (. * 10 | round) / 10;
  "# Vigil benchmark \(.date)",
  "",
  "Machine: \(.machine.nproc) cores (\(.machine.cpu_model)), \(.machine.memory_kib / 1048576 | r1) GiB; \(.machine.java_version | split(" ")[0:3] | join(" ")); load average at start \(.machine.load_average_at_start), at end \(.machine.load_average_at_end). App, PostgreSQL and wrk share the machine.",
  "Parameters: \(.parameters.users) users, \(.parameters.duration_s) s per run, Argon2id m=\(.parameters.argon2.memory_kib),t=\(.parameters.argon2.iterations),p=\(.parameters.argon2.parallelism), check-in \(.parameters.check_in), tokens \(.parameters.signing_algorithm); started with \(.parameters.started_with) on \(.parameters.app_java).",
  "",
  "| scenario | conns | req/s | p50 ms | p99 ms | non-2xx | socket errors |",
  "|---|---:|---:|---:|---:|---:|---:|",
  (.runs[] | "| \(.scenario)\(if .jvm then " (JVM \(.jvm))" else "" end) | \(.connections) | \(.req_per_s | r1) | \(.p50_us | ms) | \(.p99_us | ms) | \(.non2xx) | \(.socket_errors | add) |"),
  "",
  "| figure | value |",
  "|---|---|",
  "| Argon2id, one thread (at start / before login) | \(.argon2_one_thread.at_start.hashes_per_s | r1) / \(.argon2_one_thread.before_login.hashes_per_s | r1) hashes/s (\(.argon2_one_thread.before_login.ms_per_hash | r1) ms each); cores ÷ hash time = \(.argon2_one_thread.logins_per_s_allowed_by_hashing | r1) logins/s |",
  "| login vs hashing alone (best run) | \(([.runs[] | select(.scenario == "login") | .req_per_s] | max) / .argon2_one_thread.logins_per_s_allowed_by_hashing * 100 | r1) % |",
  "| Argon2id, all \(.argon2_all_cores.threads) cores at once (before login) | \(.argon2_all_cores.hashes_per_s | r1) hashes/s; login vs that (best run): \(([.runs[] | select(.scenario == "login") | .req_per_s] | max) / .argon2_all_cores.hashes_per_s * 100 | r1) % |",
  "| /me vs trivial at 64 conns | \((([.runs[] | select(.scenario == "me" and .connections == 64) | .req_per_s] | first) / ([.runs[] | select(.scenario == "trivial" and .connections == 64) | .req_per_s] | first)) * 100 | r1) % |",
  "| start to ready | \(.startup.start_to_ready_ms) ms (Quarkus: started in \(.startup.quarkus_started_in_s) s), empty database |",
  "| start to ready, each JVM | \([.starts[] | "\(.start_to_ready_ms)"] | join(", ")) ms |",
  "| login at 16 conns, each JVM, vs all cores hashing | \([.runs[] | select(.scenario == "login" and .connections == 16) | "\(.req_per_s | r1)/s (\(.req_per_s / $all[0].argon2_all_cores.hashes_per_s | . * 100 | round / 100))"] | join(", ")) |",
  "| RSS idle / under load (max over every phase) | \(.rss.idle_mib | r1) MiB / \(.rss.under_load_max_mib | r1) MiB |",
  "| RSS max by phase | \(.rss.max_mib_by_phase | to_entries | map("\(.key) \(.value | r1)") | join(", ")) MiB |",
  "| seeding \(.parameters.users) users | \(.seeding_s) s |",
  "| Vert.x blocked-thread warnings | \(.blocked_thread_warnings) |",
  (if .check_ins_written_by_activity == null then empty
   else "| check-ins written by activity | \(.check_ins_written_by_activity.check_ins) on \(.check_ins_written_by_activity.switches) of \(.parameters.users) switches |" end)
' "$RESULTS/latest.json" >"$RESULTS/latest.md"
cat "$RESULTS/latest.md"

if [[ "$BLOCKED" -gt 0 ]]; then
    cp "$WORK/app.log" "$RESULTS/app.log"
    echo "FAIL: the app logged $BLOCKED Vert.x blocked-thread warning(s); see $RESULTS/app.log" >&2
    grep -iE -m5 'Thread .* has been blocked' "$WORK/app.log" >&2
    exit 1
fi
