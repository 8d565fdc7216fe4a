#!/usr/bin/env python3
"""Race drill client: fires simultaneous requests at a running Vigil over HTTP (see races.sh).

Each race runs ROUNDS rounds; in a round N threads wait at a barrier and send their request at
once. A round fails on any 5xx, any answer that is not one the same requests one after the other
would give, and any double success; database facts (one user, one event, one mail, one deadline
step) are checked with psql. Prints one line per race and a JSON summary; exits 1 if any failed.

Usage: races.py BASE_URL MAIL_DIR PGPORT     (env: ROUNDS=10, REUSE_GRACE_SECONDS=10)
"""
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

BASE, MAIL_DIR, PGPORT = sys.argv[1], sys.argv[2], sys.argv[3]
ROUNDS = int(os.environ.get("ROUNDS", "10"))
GRACE = float(os.environ.get("REUSE_GRACE_SECONDS", "10"))
PASSWORD = "violet harbour lantern 42"
PROBLEM = "https://vigil.dev/problems/"
MAIL_WAIT = 60
failures = []
summary = {}


def http(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except OSError as e:  # no HTTP answer at all
        return 0, {"error": type(e).__name__}
    try:
        return status, json.loads(raw) if raw else {}
    except ValueError:
        return status, {"raw": raw[:200].decode("utf-8", "replace")}


def burst(n, request):
    """Runs request(i) for i < n on n threads released together; answers in order, wall time in ms."""
    answers = [None] * n
    gate = threading.Barrier(n + 1)

    def run(i):
        gate.wait(30)
        answers[i] = request(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    gate.wait(30)
    start = time.monotonic()
    for t in threads:
        t.join(120)
    return answers, (time.monotonic() - start) * 1000


def kind(answer):
    status, body = answer
    slug = body.get("type", "").replace(PROBLEM, "") if isinstance(body, dict) else ""
    return "%d %s" % (status, slug) if slug else str(status)


def sql(query):
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", PGPORT,
                          "-U", "postgres", "-d", "postgres", "-c", query], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise RuntimeError("psql: " + out.stderr.strip())
    return out.stdout.strip()


def mail_text(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    return str(msg["To"] or ""), str(msg["Subject"] or ""), part.get_content() if part else ""


def await_token(address, subject_part, link_path):
    """The token of the newest link to link_path in a mail to address whose subject has subject_part."""
    deadline = time.monotonic() + MAIL_WAIT
    pattern = re.compile(re.escape(link_path) + r"\?token=([A-Za-z0-9_-]+)")
    while time.monotonic() < deadline:
        found = None
        for path in sorted(glob.glob(os.path.join(MAIL_DIR, "*.eml"))):
            to, subject, text = mail_text(path)
            if address.lower() in to.lower() and subject_part.lower() in subject.lower():
                m = pattern.search(text)
                if m:
                    found = m.group(1)
        if found:
            return found
        time.sleep(0.2)
    raise RuntimeError("no '%s' mail to %s within %d s" % (subject_part, address, MAIL_WAIT))


def new_user():
    suffix = uuid.uuid4().hex[:12]
    return "r" + suffix, "race.%s@example.org" % suffix


def register(username, address):
    return http("POST", "/api/v1/auth/register", {"username": username, "email": address, "password": PASSWORD})


def login(username, password=PASSWORD):
    status, body = http("POST", "/api/v1/auth/login", {"login": username, "password": password})
    if status != 200:
        raise RuntimeError("login answered %d" % status)
    return body


class Race:
    """One race's tally over its rounds."""

    def __init__(self, name):
        self.name, self.answers, self.times, self.bad_rounds, self.started = name, {}, [], [], time.monotonic()

    def round(self, number, answers, ms, expected, facts=()):
        """expected: {kind: count}; facts: (description, actual, wanted) checked after the burst."""
        self.times.append(ms)
        got = {}
        for a in answers:
            got[kind(a)] = got.get(kind(a), 0) + 1
            self.answers[kind(a)] = self.answers.get(kind(a), 0) + 1
        problems = []
        if got != expected:
            problems.append("answers %s, expected %s" % (got, expected))
        for what, actual, wanted in facts:
            if str(actual) != str(wanted):
                problems.append("%s: %s, expected %s" % (what, actual, wanted))
        if problems:
            self.bad_rounds.append("round %d: %s" % (number, "; ".join(problems)))

    def report(self):
        times = sorted(self.times)
        verdict = "PASS" if not self.bad_rounds else "FAIL"
        line = "%-28s %s  rounds %d  answers %s  burst ms p50 %d max %d  (%.0f s)" % (
            self.name, verdict, len(times), json.dumps(self.answers, sort_keys=True),
            times[len(times) // 2] if times else 0, times[-1] if times else 0, time.monotonic() - self.started)
        print(line, flush=True)
        for bad in self.bad_rounds:
            print("    " + bad, flush=True)
            failures.append("%s %s" % (self.name, bad))
        summary[self.name] = {"verdict": verdict, "rounds": len(times), "answers": self.answers,
                              "burst_ms_p50": times[len(times) // 2] if times else 0,
                              "burst_ms_max": times[-1] if times else 0}


def same_username():
    race = Race("10 x one username")
    for r in range(ROUNDS):
        username = new_user()[0]
        answers, ms = burst(10, lambda i: register(username, new_user()[1]))
        users = sql("SELECT count(*) FROM users WHERE username = '%s'" % username)
        race.round(r, answers, ms, {"202": 1, "409 username-taken": 9}, [("users", users, 1)])
    race.report()


def same_email():
    race = Race("10 x one email")
    for r in range(ROUNDS):
        address = new_user()[1]
        answers, ms = burst(10, lambda i: register(new_user()[0], address))
        users = sql("SELECT count(*) FROM users WHERE lower(email) = lower('%s')" % address)
        notices = sql("SELECT count(*) FROM outbox WHERE template = 'registration-attempt'"
                      " AND lower(recipient) = lower('%s')" % address)
        race.round(r, answers, ms, {"202": 10}, [("users", users, 1), ("owner notices", notices, 9)])
    race.report()


def links():
    verify, reset = Race("10 x one verification link"), Race("10 x one reset link")
    for r in range(ROUNDS):
        username, address = new_user()
        if register(username, address)[0] != 202:
            raise RuntimeError("registration refused")
        token = await_token(address, "confirm", "/verify-email")
        answers, ms = burst(10, lambda i: http("POST", "/api/v1/auth/verify-email", {"token": token}))
        events = sql("SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                     " WHERE u.username = '%s' AND e.type = 'email.verified'" % username)
        verify.round(r, answers, ms, {"204": 1, "400 used-token": 9}, [("email.verified events", events, 1)])

        http("POST", "/api/v1/auth/password/forgot", {"login": username})
        token = await_token(address, "reset your password", "/reset-password")
        passwords = ["cobalt meadow after rain %d" % i for i in range(10)]
        answers, ms = burst(10, lambda i: http("POST", "/api/v1/auth/password/reset",
                                               {"token": token, "new_password": passwords[i]}))
        events = sql("SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                     " WHERE u.username = '%s' AND e.type = 'password.reset'" % username)
        mails = sql("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id"
                    " WHERE u.username = '%s' AND o.template = 'password-reset-done'" % username)
        winners = [i for i, a in enumerate(answers) if a[0] == 204]
        works = "n/a"
        if len(winners) == 1:
            works = http("POST", "/api/v1/auth/login", {"login": username, "password": passwords[winners[0]]})[0]
        reset.round(r, answers, ms, {"204": 1, "400 used-token": 9},
                    [("password.reset events", events, 1), ("reset-done mails", mails, 1),
                     ("login with the winner's password", works, 200)])
    verify.report()
    reset.report()


def check_in_links():
    race = Race("10 x one check-in link")
    users = []
    for _ in range(ROUNDS):
        username, address = new_user()
        if register(username, address)[0] != 202:
            raise RuntimeError("registration refused")
        # Only a verified address may turn the check-in on.
        verified = http("POST", "/api/v1/auth/verify-email",
                        {"token": await_token(address, "confirm", "/verify-email")})[0]
        if verified != 204:
            raise RuntimeError("verifying the address answered %d" % verified)
        access = login(username)["access_token"]
        status, _ = http("PUT", "/api/v1/me/check-in", {"enabled": True, "interval": "PT1M"}, access)
        if status != 200:
            raise RuntimeError("enabling check-in answered %d" % status)
        users.append((username, address))
    for r, (username, address) in enumerate(users):
        token = await_token(address, "please check in", "/check-in")
        before = sql("SELECT c.deadline_no FROM check_ins c JOIN users u ON u.id = c.user_id"
                     " WHERE u.username = '%s'" % username)
        answers, ms = burst(10, lambda i: http("POST", "/api/v1/check-in", {"token": token}))
        after = sql("SELECT c.deadline_no FROM check_ins c JOIN users u ON u.id = c.user_id"
                    " WHERE u.username = '%s'" % username)
        race.round(r, answers, ms, {"200": 1, "400 used-token": 9},
                   [("deadline steps", int(after) - int(before), 1)])
    race.report()


def magic_links():
    race = Race("10 x one sign-in link")
    for r in range(ROUNDS):
        username, address = new_user()
        if register(username, address)[0] != 202:
            raise RuntimeError("registration refused")
        http("POST", "/api/v1/auth/magic-link", {"email": address})
        token = await_token(address, "sign-in link", "/magic-link")
        answers, ms = burst(10, lambda i: http("POST", "/api/v1/auth/magic-link/verify", {"token": token}))
        sessions = sql("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id"
                       " WHERE u.username = '%s'" % username)
        verified = sql("SELECT email_verified FROM users WHERE username = '%s'" % username)
        race.round(r, answers, ms, {"200": 1, "400 used-token": 9},
                   [("sessions", int(sessions), 1), ("address verified", verified, "t")])
    race.report()


def refresh(token):
    return http("POST", "/api/v1/auth/refresh", {"refresh_token": token})


def refresh_in_grace():
    race = Race("20 x one refresh, in grace")
    for r in range(ROUNDS):
        username, address = new_user()
        register(username, address)
        pair = login(username)
        answers, ms = burst(20, lambda i: refresh(pair["refresh_token"]))
        handed_out = {a[1].get("refresh_token") for a in answers if a[0] == 200}
        sessions = {a[1].get("session_id") for a in answers if a[0] == 200}
        after = refresh(next(iter(handed_out))) if len(handed_out) == 1 else (0, {})
        alive = http("GET", "/api/v1/me", token=after[1].get("access_token"))[0] if after[0] == 200 else after[0]
        race.round(r, answers, ms, {"200": 20},
                   [("distinct refresh tokens handed out", len(handed_out), 1),
                    ("same session", sessions == {pair["session_id"]}, True),
                    ("session alive afterwards (GET /me)", alive, 200)])
    race.report()


def refresh_after_grace():
    race = Race("20 x one refresh, after grace")
    sessions = []
    for _ in range(ROUNDS):
        username, address = new_user()
        register(username, address)
        pair = login(username)
        status, rotated = refresh(pair["refresh_token"])
        if status != 200:
            raise RuntimeError("first refresh answered %d" % status)
        sessions.append((pair, rotated))
    time.sleep(GRACE + 1)
    for r, (pair, rotated) in enumerate(sessions):
        answers, ms = burst(20, lambda i: refresh(pair["refresh_token"]))
        newest = refresh(rotated["refresh_token"])[0]
        me = http("GET", "/api/v1/me", token=rotated["access_token"])[0]
        events = sql("SELECT count(*) FROM security_events WHERE type = 'refresh.reused'"
                     " AND detail->>'session_id' = '%s'" % pair["session_id"])
        race.round(r, answers, ms, {"401 invalid-token": 20},
                   [("newest refresh token afterwards", newest, 401), ("its access token", me, 401),
                    ("refresh.reused events", events, 1)])
    race.report()


def main():
    for race in (same_username, same_email, links, check_in_links, magic_links, refresh_in_grace, refresh_after_grace):
        try:
            race()
        except Exception as e:  # a setup step failed: the drill cannot judge, so it fails
            print("%-28s FAIL  setup: %s" % (race.__name__, e), flush=True)
            failures.append("%s setup: %s" % (race.__name__, e))
    print(json.dumps(summary, sort_keys=True))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
