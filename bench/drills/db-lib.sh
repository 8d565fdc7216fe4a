# Helpers for the database drills (postgres-kill.sh, read-only.sh), sourced after lib.sh.

# ready_loop MGMT_PORT SECONDS FILE: GET /q/health/ready on the management port every 0.1 s for
# SECONDS (at most 10 per second, bounded by count too); "<epoch ms> <status>" lines in FILE (000 = no HTTP answer).
ready_loop() {
    local port=$1 end=$(( $(date +%s) + $2 )) file=$3 n=0 code
    while [ "$(date +%s)" -lt "$end" ] && [ "$n" -lt $(( $2 * 20 )) ]; do
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)
        echo "$(now_ms) ${code:-000}" >>"$file"
        n=$(( n + 1 ))
        sleep 0.1
    done
}

# new_user BASE NAME: registers NAME and logs in (three tries each, for a loaded machine); prints
# "<access token> <refresh token>", or nothing when it could not (the caller fails the drill).
new_user() {
    local base=$1 user=$2 body="" code try
    for try in 1 2 3; do
        code=$(curl -s -o /dev/null -m 30 -w '%{http_code}' -H 'Content-Type: application/json' \
            -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"a long drill passphrase\"}" \
            "$base/api/v1/auth/register" || true)
        [ "$code" = 202 ] && break
        log "register of $user answered ${code:-nothing} (try $try)"
    done
    for try in 1 2 3; do
        body=$(curl -s -m 30 -H 'Content-Type: application/json' \
            -d "{\"login\":\"$user\",\"password\":\"a long drill passphrase\"}" "$base/api/v1/auth/login" || true)
        python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["access_token"], d["refresh_token"])' "$body" \
            2>/dev/null && return 0
        log "login of $user failed (try $try): ${body:0:200}"
    done
}

# wrk_run SECONDS CONNECTIONS OUTFILE [env...]: the counting wrk script against $BASE.
wrk_run() {
    local seconds=$1 conns=$2 out=$3; shift 3
    env "$@" wrk -t2 -c"$conns" -d"${seconds}s" --timeout 5s -s "$DRILLS_DIR/status-count.lua" "$BASE" >"$out" 2>&1 || true
}

# counts_of FILE: the "200=n 503=n" part of a wrk_run's DRILLCOUNTS line.
counts_of() { sed -n 's/^DRILLCOUNTS //p' "$1"; }
count_of() { counts_of "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1 | grep . || echo 0; }
socket_of() { sed -n 's/^DRILLSOCKET //p' "$1"; }

# ready_summary FILE T_START T_END: readiness codes before, during and after [T_START, T_END),
# when it first went DOWN after T_START and first came back UP after T_END.
ready_summary() {
    python3 - "$1" "$2" "$3" <<'PY'
import collections, sys
rows = [(int(t), c) for t, c in (l.split() for l in open(sys.argv[1]) if l.strip())]
start, end = int(sys.argv[2]), int(sys.argv[3])
def counts(rs):
    return " ".join("%s:%d" % kv for kv in sorted(collections.Counter(c for _, c in rs).items())) or "-"
print("ready_before=" + counts([r for r in rows if r[0] < start]))
print("ready_during=" + counts([r for r in rows if start <= r[0] < end]))
print("ready_after=" + counts([r for r in rows if r[0] >= end]))
down = [t for t, c in rows if start <= t and c != "200"]
print("ready_down_ms=%s" % (down[0] - start if down else "-"))
up = [t for t, c in rows if t >= end and c == "200"]
print("ready_up_ms=%s" % (up[0] - end if up else "-"))
late = [t for t, c in rows if up and t > up[0] and c != "200"]
print("ready_flaps_after_up=%d" % len(late))
PY
}

# log_summary FILE: what the app logged, by level, plus stack-trace lines and the outage lines.
log_summary() {
    local f=$1
    echo "log_error=$(grep -c ' ERROR ' "$f" || true)"
    echo "log_warn=$(grep -c ' WARN ' "$f" || true)"
    echo "log_stack=$(grep -cE '^(\s+at |Caused by: )' "$f" || true)"
    echo "log_already_complete=$(grep -c 'Result is already complete' "$f" || true)"
    echo "log_outage_start=$(grep -c 'Database unavailable' "$f" || true)"
    echo "log_outage_end=$(grep -c 'Database available again' "$f" || true)"
    echo "log_warn_by=$({ grep ' WARN ' "$f" || true; } | sed -n 's/^[^[]*\[\([^]]*\)\].*/\1/p' | sort | uniq -c | sort -rn \
        | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')"
}
