import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
    createVigilClient,
    keyValueTokenStore,
    memoryTokenStore,
    unwrap,
    VigilError,
} from "@vigil/client";
import { fakeService } from "./support/fake-service.js";

const baseUrl = "http://vigil.test";

describe("token renewal", () => {
    for (const timing of ["slow", "ok"] as const) {
        it(`concurrent calls with an expired token share one refresh (${timing === "slow" ? "joining it" : "finding it done"})`, async () => {
            const service = fakeService();
            service.refreshAnswer = timing;
            service.slowRejections = timing === "ok";
            const store = memoryTokenStore(service.issue(true));
            const vigil = createVigilClient({ baseUrl, tokenStore: store, fetch: service.fetch });

            const results = await Promise.all([
                vigil.api.GET("/api/v1/me"),
                vigil.api.GET("/api/v1/me"),
                vigil.api.GET("/api/v1/me"),
                vigil.api.PATCH("/api/v1/me", { body: { display_name: "Ada" } }),
                vigil.api.GET("/api/v1/me"),
            ]);

            assert.equal(service.refreshes(), 1);
            assert.deepEqual(results.map((r) => r.response.status), [200, 200, 200, 200, 200]);
            assert.equal(unwrap(results[3]!).display_name, "Ada", "the retried PATCH carried its body again");
            const tokens = await store.get();
            assert.equal(tokens?.access_token, "access-2");
            assert.equal(tokens?.refresh_token, "refresh-2");
            const retries = service.seen.filter((r) => r.authorization === "Bearer access-2");
            assert.equal(retries.length, 5, "each call was sent once more, with the new token");
        });
    }

    it("a refused refresh clears the tokens, ends the session once and gives every caller the 401", async () => {
        const service = fakeService();
        service.refreshAnswer = 401;
        const store = memoryTokenStore(service.issue(true));
        let ended = 0;
        const vigil = createVigilClient({ baseUrl, tokenStore: store, fetch: service.fetch, onSessionEnded: () => { ended += 1; } });

        const results = await Promise.all([vigil.api.GET("/api/v1/me"), vigil.api.GET("/api/v1/me"), vigil.api.GET("/api/v1/me")]);

        assert.equal(service.refreshes(), 1);
        assert.equal(ended, 1);
        assert.equal(await store.get(), null);
        assert.equal(await vigil.signedIn(), false);
        for (const result of results) {
            const error = thrownBy(() => unwrap(result));
            assert.ok(error instanceof VigilError);
            assert.equal(error.status, 401);
            assert.equal(error.type, "unauthorized");
        }
    });

    it("a refresh answered 503 keeps the session and hands the 503 to the caller", async () => {
        const service = fakeService();
        service.refreshAnswer = 503;
        const expired = service.issue(true);
        const store = memoryTokenStore(expired);
        let ended = 0;
        const vigil = createVigilClient({ baseUrl, tokenStore: store, fetch: service.fetch, onSessionEnded: () => { ended += 1; } });

        const result = await vigil.api.GET("/api/v1/me");

        assert.equal(result.response.status, 503);
        assert.equal(result.error?.type, "https://vigil.dev/problems/service-unavailable");
        assert.deepEqual(await store.get(), expired);
        assert.equal(ended, 0);
    });

    it("sends a request that brings its own Authorization header as it is, and never refreshes for it", async () => {
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, tokenStore: memoryTokenStore(service.issue()), fetch: service.fetch });

        const result = await vigil.api.GET("/api/v1/me", { headers: { Authorization: "Bearer vgl_some_api_key" } });

        assert.equal(result.response.status, 401);
        assert.equal(service.seen[0]?.authorization, "Bearer vgl_some_api_key");
        assert.equal(service.refreshes(), 0);
    });

    it("does not refresh for a 401 that is about something other than the token", async () => {
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, tokenStore: memoryTokenStore(service.issue()), fetch: service.fetch });

        const result = await vigil.api.POST("/api/v1/auth/login", { body: { login: "ada", password: "wrong" } });

        assert.equal(result.response.status, 401);
        assert.equal(service.refreshes(), 0);
        assert.equal(await vigil.signedIn(), true);
    });

    it("sends no Authorization header while signed out", async () => {
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, fetch: service.fetch });

        const result = await vigil.api.GET("/api/v1/me");

        assert.equal(result.response.status, 401);
        assert.equal(service.seen[0]?.authorization, null);
        assert.equal(service.refreshes(), 0);
    });
});

describe("login and logout", () => {
    it("stores the tokens of a password login", async () => {
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, fetch: service.fetch });

        const result = await vigil.login("ada", "right password");

        assert.deepEqual(result, { status: "signed-in", session_id: "5b0c6f62-6d3e-4d4c-9a3a-6f0e2f1f9c11" });
        assert.equal(await vigil.signedIn(), true);
        assert.equal(unwrap(await vigil.api.GET("/api/v1/me")).username, "ada");
    });

    it("throws the problem of a refused login as a VigilError", async () => {
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, fetch: service.fetch });

        await assert.rejects(vigil.login("ada", "wrong"), (error: unknown) => {
            assert.ok(error instanceof VigilError);
            assert.equal(error.type, "invalid-credentials");
            assert.equal(error.status, 401);
            return true;
        });
        assert.equal(await vigil.signedIn(), false);
    });

    it("answers mfa-required without storing anything until the second factor is given", async () => {
        const service = fakeService();
        service.mfa = true;
        const vigil = createVigilClient({ baseUrl, fetch: service.fetch });

        const first = await vigil.login("ada", "right password");
        assert.deepEqual(first, { status: "mfa-required", mfa_token: "mfa-1" });
        assert.equal(await vigil.signedIn(), false);

        await assert.rejects(vigil.loginMfa("mfa-1", "000000"), { name: "VigilError", type: "invalid-code" });
        const second = await vigil.loginMfa("mfa-1", "123456");
        assert.equal(second.status, "signed-in");
        assert.equal(await vigil.signedIn(), true);
    });

    it("logout ends the session at the service and clears the tokens, without calling onSessionEnded", async () => {
        const service = fakeService();
        let ended = 0;
        const vigil = createVigilClient({ baseUrl, fetch: service.fetch, onSessionEnded: () => { ended += 1; } });
        await vigil.login("ada", "right password");

        await vigil.logout();

        const logout = service.seen.find((r) => r.path === "/api/v1/auth/logout");
        assert.equal(logout?.authorization, "Bearer access-1");
        assert.equal(await vigil.signedIn(), false);
        assert.equal(ended, 0);
    });

    it("logout with a session that already ended still clears the tokens quietly", async () => {
        const service = fakeService();
        service.refreshAnswer = 401;
        let ended = 0;
        const store = memoryTokenStore(service.issue(true));
        const vigil = createVigilClient({ baseUrl, tokenStore: store, fetch: service.fetch, onSessionEnded: () => { ended += 1; } });

        await vigil.logout();

        assert.equal(await vigil.signedIn(), false);
        assert.equal(ended, 0);
    });
});

describe("VigilError", () => {
    it("carries the slug, the full type, the status and the invalid fields of a problem", () => {
        const body = {
            type: "https://vigil.dev/problems/validation-failed",
            title: "Validation failed",
            status: 400,
            detail: "The request has invalid fields",
            errors: [{ field: "email", message: "must be a well-formed email address" }],
        };
        const error = new VigilError(400, body);

        assert.equal(error.type, "validation-failed");
        assert.equal(error.typeUrl, body.type);
        assert.equal(error.status, 400);
        assert.equal(error.title, "Validation failed");
        assert.equal(error.detail, "The request has invalid fields");
        assert.deepEqual(error.errors, body.errors);
        assert.equal(error.problem, body);
        assert.equal(error.message, "Validation failed: The request has invalid fields");
        assert.ok(error instanceof Error);
    });

    it("still describes an answer that is not problem+json", () => {
        const error = VigilError.from(new Response("<html>Bad gateway</html>", { status: 502 }), "<html>Bad gateway</html>");

        assert.equal(error.status, 502);
        assert.equal(error.typeUrl, "about:blank");
        assert.equal(error.problem, undefined);
        assert.deepEqual(error.errors, []);
    });
});

describe("keyValueTokenStore", () => {
    it("keeps tokens in a synchronous storage such as localStorage", async () => {
        const entries = new Map<string, string>();
        const storage = {
            getItem: (key: string) => entries.get(key) ?? null,
            setItem: (key: string, value: string) => { entries.set(key, value); },
            removeItem: (key: string) => { entries.delete(key); },
        };
        const store = keyValueTokenStore(storage);

        await store.set({ access_token: "a", refresh_token: "r" });
        assert.deepEqual(JSON.parse(entries.get("vigil.tokens")!), { access_token: "a", refresh_token: "r" });
        assert.deepEqual(await store.get(), { access_token: "a", refresh_token: "r" });
        await store.clear();
        assert.equal(entries.size, 0);
        assert.equal(await store.get(), null);
    });

    it("keeps tokens in an asynchronous storage such as AsyncStorage, under the key given", async () => {
        const entries = new Map<string, string>();
        const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
        const storage = {
            getItem: (key: string) => later(entries.get(key) ?? null),
            setItem: async (key: string, value: string) => { await later(null); entries.set(key, value); },
            removeItem: async (key: string) => { await later(null); entries.delete(key); },
        };
        const service = fakeService();
        const vigil = createVigilClient({ baseUrl, tokenStore: keyValueTokenStore(storage, "app.session"), fetch: service.fetch });

        await vigil.login("ada", "right password");

        assert.ok(entries.has("app.session"));
        assert.equal(unwrap(await vigil.api.GET("/api/v1/me")).username, "ada");
    });

    it("reads an unreadable entry as signed out", async () => {
        const store = keyValueTokenStore({ getItem: () => "{not json", setItem: () => {}, removeItem: () => {} });

        assert.equal(await store.get(), null);
    });
});

function thrownBy(action: () => unknown): unknown {
    try {
        action();
    } catch (error) {
        return error;
    }
    return assert.fail("nothing was thrown");
}
