#!/usr/bin/env bash
# Do the recovery and registration endpoints answer in the same time whether or not the account
# exists? Starts the packaged app (throttles and quotas off) on a private PostgreSQL and a counting
# SMTP sink, then times SAMPLES requests per side for each endpoint, the two sides interleaved so
# that drift on a shared machine hits both alike, after WARMUP untimed rounds, with GAP_MS between
# requests so that each is timed without the previous one's queued work running beside it. Prints
# the medians and their difference; the goal is under 2 ms apart.
#
#   bench/timing.sh                 SAMPLES=60 WARMUP=20 GAP_MS=150 by default
#   SKIP_BUILD=1 bench/timing.sh    use target/quarkus-app as it is
set -euo pipefail
source "$(dirname "$0")/drills/lib.sh"

SAMPLES=${SAMPLES:-60}
WARMUP=${WARMUP:-20}
GAP_MS=${GAP_MS:-150}

drills_init timing
ensure_jar
pg_start
SMTP=$(free_port); HTTP=$(free_port)
sink_start "$SMTP" "$WORK/received.tsv"
app_start app "$HTTP" "$SMTP" -Dvigil.rate-limit.enabled=false -Dvigil.quota.enabled=false
wait_ready app "$READY_SECONDS" || die "app not ready in $READY_SECONDS s"
log "app ready on $HTTP; $SAMPLES samples per side after $WARMUP warm-up rounds ($(machine))"

python3 "$(dirname "$0")/timing.py" "http://127.0.0.1:$HTTP" "$SAMPLES" "$WARMUP" "$GAP_MS"
blocked=$(grep -c "has been blocked" "$WORK/app.log" || true)
log "blocked-thread warnings in the app log: $blocked"
[ "$blocked" -eq 0 ]
