import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import {
    createVigilClient,
    memoryTokenStore,
    unwrap,
    VigilError,
    type FetchFunction,
    type Tokens,
    type VigilClient,
} from "@vigil/client";
import { SmtpSink } from "./support/smtp-sink.js";
import { startVigil, type VigilServer } from "./support/vigil-server.js";

/**
 * One user's walk through the packaged service, in order, through the client: each step needs the
 * ones before it, so after a failure the rest are skipped and the service's log tail is printed.
 */
describe("the client against the packaged service", () => {
    const username = `ts${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
    const email = `${username}@example.org`;
    const password = `Lantern ${randomBytes(6).toString("hex")} over quiet water`;
    const store = memoryTokenStore();
    const traffic: { method: string; path: string; status: number; authorization: string | null }[] = [];
    const countingFetch: FetchFunction = async (request, init) => {
        const authorization = request.headers.get("Authorization");
        const response = await fetch(request, init);
        traffic.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, authorization });
        return response;
    };
    const refreshes = () => traffic.filter((r) => r.method === "POST" && r.path === "/api/v1/auth/refresh").length;
    let sessionsEnded = 0;

    let sink: SmtpSink;
    let server: VigilServer | undefined;
    let vigil: VigilClient;
    let broken = false;
    let verificationToken = "";
    let sessionId = "";
    let userId = "";
    let apiKey = "";
    let beforeLogout: Tokens | null = null;

    function step(name: string, body: () => Promise<void>): void {
        it(name, async (t) => {
            if (broken) {
                t.skip("an earlier step failed");
                return;
            }
            try {
                await body();
            } catch (error) {
                broken = true;
                if (server) {
                    console.error(`--- the service's log (${server.logFile}) ends with:\n${server.logTail()}\n---`);
                }
                throw error;
            }
        });
    }

    before(async () => {
        sink = await SmtpSink.start();
        // Access tokens live two seconds (plus the service's allowance for clock skew), so the
        // walk can cross an expiry without waiting ten minutes.
        server = await startVigil({ smtpPort: sink.port, config: { "vigil.tokens.access-ttl": "PT2S" } });
        vigil = createVigilClient({
            baseUrl: server.baseUrl,
            tokenStore: store,
            fetch: countingFetch,
            onSessionEnded: () => {
                sessionsEnded += 1;
            },
        });
    });

    after(async () => {
        await server?.stop();
        await sink?.close();
    });

    step("register is accepted and mails a verification link under the public URL", async () => {
        const result = await vigil.api.POST("/api/v1/auth/register", { body: { username, email, password } });

        assert.equal(result.response.status, 202);
        assert.equal(typeof unwrap(result).message, "string");
        const mail = await sink.waitFor((m) => m.to.includes(email), 60_000);
        const link = new RegExp(`${escape(server!.baseUrl)}/verify-email\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
        assert.ok(link, `no verification link in the mail:\n${mail.text}`);
        verificationToken = link[1]!;
    });

    step("the token from the mail verifies the address, once", async () => {
        const first = await vigil.api.POST("/api/v1/auth/verify-email", { body: { token: verificationToken } });
        assert.equal(first.response.status, 204);

        const again = await vigil.api.POST("/api/v1/auth/verify-email", { body: { token: verificationToken } });
        const error = thrownBy(() => unwrap(again));
        assert.ok(error instanceof VigilError);
        assert.equal(error.status, 400);
        assert.equal(error.type, "used-token");
        assert.equal(error.typeUrl, "https://vigil.dev/problems/used-token");
    });

    step("a wrong password is a typed invalid-credentials error", async () => {
        await assert.rejects(vigil.login(username, `${password}!`), (error: unknown) => {
            assert.ok(error instanceof VigilError);
            assert.equal(error.status, 401);
            assert.equal(error.type, "invalid-credentials");
            return true;
        });
        assert.equal(await vigil.signedIn(), false);
    });

    step("login signs in and stores the tokens", async () => {
        const result = await vigil.login(username.toUpperCase(), password);

        assert.equal(result.status, "signed-in");
        assert.match(result.status === "signed-in" ? result.session_id : "", /^[0-9a-f-]{36}$/);
        sessionId = result.status === "signed-in" ? result.session_id : "";
        assert.equal(await vigil.signedIn(), true);
    });

    step("/me answers the verified user", async () => {
        const me = unwrap(await vigil.api.GET("/api/v1/me"));

        assert.equal(me.username, username);
        assert.equal(me.email, email);
        assert.equal(me.email_verified, true);
        assert.ok(me.account?.id);
        userId = me.id ?? "";
        const sent = traffic.at(-1);
        assert.equal(sent?.authorization, `Bearer ${(await store.get())?.access_token}`);
    });

    step("concurrent calls across the access token's expiry share one refresh", async () => {
        const old = (await store.get())!;
        // Wait (through a request with its own header, which the client never refreshes for) until the
        // service refuses the access token.
        const deadline = Date.now() + 90_000;
        for (;;) {
            const probe = await vigil.api.GET("/api/v1/me", { headers: { Authorization: `Bearer ${old.access_token}` } });
            if (probe.response.status === 401) {
                assert.equal(probe.error?.type, "https://vigil.dev/problems/unauthorized");
                break;
            }
            assert.equal(probe.response.status, 200);
            assert.ok(Date.now() < deadline, "the access token was still accepted 90 s after login");
            await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        assert.equal(refreshes(), 0);
        const start = traffic.length;

        const results = await Promise.all([
            vigil.api.GET("/api/v1/me"),
            vigil.api.GET("/api/v1/me"),
            vigil.api.GET("/api/v1/me"),
            vigil.api.GET("/api/v1/me/sessions"),
            vigil.api.GET("/api/v1/me/check-in"),
            vigil.api.GET("/api/v1/me/security-events"),
        ]);

        assert.deepEqual(results.map((r) => r.response.status), [200, 200, 200, 200, 200, 200]);
        assert.equal(refreshes(), 1, "exactly one POST /api/v1/auth/refresh");
        const calls = traffic.slice(start).filter((r) => r.path !== "/api/v1/auth/refresh");
        assert.equal(calls.filter((r) => r.status === 401).length, 6, "each call first met the expired token");
        assert.equal(calls.filter((r) => r.status === 200).length, 6, "and was sent once more");
        const renewed = (await store.get())!;
        assert.notEqual(renewed.access_token, old.access_token);
        assert.notEqual(renewed.refresh_token, old.refresh_token, "the refresh token rotated");
        const sessions = unwrap(results[3]!);
        assert.deepEqual(sessions.items?.filter((s) => s.current).map((s) => s.id), [sessionId], "still the same session");
        assert.equal(unwrap(results[0]!).id, userId);
    });

    step("check-in: turning the switch on and checking in moves the deadline", async () => {
        const configured = unwrap(await vigil.api.PUT("/api/v1/me/check-in", { body: { enabled: true, interval: "P7D" } }));
        assert.equal(configured.enabled, true);
        assert.equal(configured.interval, "P7D");

        const before = Date.now();
        const checkedIn = unwrap(await vigil.api.POST("/api/v1/me/check-in"));

        assert.equal(checkedIn.status, "ok");
        assert.ok(checkedIn.last_check_in_at);
        const due = Date.parse(checkedIn.next_due_at ?? "");
        const week = 7 * 24 * 3600 * 1000;
        assert.ok(Math.abs(due - (before + week)) < 120_000, `next_due_at ${checkedIn.next_due_at} is not a week from now`);
    });

    step("an API key works on its own, and the client leaves its header alone", async () => {
        const created = await vigil.api.POST("/api/v1/me/api-keys", { body: { name: "typescript client test" } });
        assert.equal(created.response.status, 201);
        const key = unwrap(created);
        assert.ok(key.key && key.prefix && key.key.startsWith(key.prefix));
        apiKey = key.key;

        const me = unwrap(await vigil.api.GET("/api/v1/me", { headers: { Authorization: `Bearer ${apiKey}` } }));

        assert.equal(me.id, userId);
        assert.equal(traffic.at(-1)?.authorization, `Bearer ${apiKey}`);
    });

    step("logout ends the session: its tokens answer 401, the API key still works", async () => {
        beforeLogout = await store.get();
        const stillGood = await vigil.api.GET("/api/v1/me", { headers: { Authorization: `Bearer ${beforeLogout!.access_token}` } });
        assert.equal(stillGood.response.status, 200, "the access token was live before logout");

        await vigil.logout();

        assert.equal(await vigil.signedIn(), false);
        const call = await vigil.api.GET("/api/v1/me");
        const error = thrownBy(() => unwrap(call));
        assert.ok(error instanceof VigilError);
        assert.equal(error.status, 401);
        assert.equal(error.type, "unauthorized");

        const oldAccess = await vigil.api.GET("/api/v1/me", { headers: { Authorization: `Bearer ${beforeLogout!.access_token}` } });
        assert.equal(oldAccess.response.status, 401, "the session's access token is refused at once");
        const oldRefresh = await vigil.api.POST("/api/v1/auth/refresh", { body: { refresh_token: beforeLogout!.refresh_token } });
        assert.equal(oldRefresh.response.status, 401);
        assert.equal(oldRefresh.error?.type, "https://vigil.dev/problems/invalid-token");

        const byKey = await vigil.api.GET("/api/v1/me", { headers: { Authorization: `Bearer ${apiKey}` } });
        assert.equal(byKey.response.status, 200);
        assert.equal(sessionsEnded, 0, "logout is not an ended session");
    });

    step("stale tokens of the ended session are dropped once, with onSessionEnded", async () => {
        await store.set(beforeLogout!);
        const before = refreshes();

        const results = await Promise.all([vigil.api.GET("/api/v1/me"), vigil.api.GET("/api/v1/me/sessions")]);

        for (const result of results) {
            const error = thrownBy(() => unwrap(result));
            assert.ok(error instanceof VigilError);
            assert.equal(error.status, 401);
            assert.equal(error.type, "unauthorized");
        }
        assert.equal(refreshes() - before, 1);
        assert.equal(sessionsEnded, 1);
        assert.equal(await store.get(), null);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function thrownBy(action: () => unknown): unknown {
    try {
        action();
    } catch (error) {
        return error;
    }
    return assert.fail("nothing was thrown");
}
