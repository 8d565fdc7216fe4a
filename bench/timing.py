"""Times known against unknown accounts on the endpoints that must not tell them apart (see timing.sh)."""
import http.client
import json
import statistics
import sys
import time
import uuid
from urllib.parse import urlparse

base, samples, warmup, gap = urlparse(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]) / 1000
PASSWORD = "a long timing passphrase"


def post(conn, path, body):
    """One request on a kept-alive connection; (status, seconds from send to the whole answer)."""
    payload = json.dumps(body)
    start = time.perf_counter()
    conn.request("POST", path, payload, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - start


def connect():
    return http.client.HTTPConnection(base.hostname, base.port, timeout=30)


conn = connect()
tag = uuid.uuid4().hex[:8]
owner = {"username": "timing_" + tag, "email": "timing-" + tag + "@example.org", "password": PASSWORD}
status, _ = post(conn, "/api/v1/auth/register", owner)
assert status == 202, status


def fresh_name():
    return "t" + uuid.uuid4().hex[:12]


# name -> (path, body for an existing account, body for none), each a function so bodies can vary.
endpoints = {
    "password/forgot": ("/api/v1/auth/password/forgot",
                        lambda: {"login": owner["email"]},
                        lambda: {"login": "nobody-" + uuid.uuid4().hex[:10] + "@example.org"}),
    "username/forgot": ("/api/v1/auth/username/forgot",
                        lambda: {"email": owner["email"]},
                        lambda: {"email": "nobody-" + uuid.uuid4().hex[:10] + "@example.org"}),
    "magic-link": ("/api/v1/auth/magic-link",
                   lambda: {"email": owner["email"]},
                   lambda: {"email": "nobody-" + uuid.uuid4().hex[:10] + "@example.org"}),
    "register": ("/api/v1/auth/register",
                 lambda: {"username": fresh_name(), "email": owner["email"], "password": PASSWORD},
                 lambda: {"username": fresh_name(), "email": fresh_name() + "@example.org", "password": PASSWORD}),
}

rows = []
for name, (path, known, unknown) in endpoints.items():
    times = {"known": [], "unknown": []}
    statuses = set()
    for i in range(warmup + samples):
        # Alternate which side goes first, so neither always follows the other's work.
        order = [("known", known), ("unknown", unknown)] if i % 2 == 0 else [("unknown", unknown), ("known", known)]
        for side, body in order:
            # Let the previous request's queued work (its job, a mail) finish first: otherwise each side is
            # timed against the background work of the request before it, not against its own.
            time.sleep(gap)
            status, seconds = post(conn, path, body())
            statuses.add(status)
            if i >= warmup:
                times[side].append(seconds * 1000)
    known_ms, unknown_ms = statistics.median(times["known"]), statistics.median(times["unknown"])
    rows.append((name, known_ms, unknown_ms, known_ms - unknown_ms, sorted(statuses)))

print()
print("| endpoint | existing account, median ms | no account, median ms | difference ms | statuses |")
print("|---|---|---|---|---|")
for name, known_ms, unknown_ms, diff, statuses in rows:
    print("| %s | %.2f | %.2f | %+.2f | %s |" % (name, known_ms, unknown_ms, diff, ",".join(map(str, statuses))))
