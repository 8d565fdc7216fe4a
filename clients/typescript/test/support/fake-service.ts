/**
 * A stand-in for the service, answering in-process like a fetch function: enough of login, refresh,
 * logout and two protected endpoints to drive the client's token handling into corners a real
 * server reaches only by chance (a refresh that answers 503, a refresh that is slow).
 */
export interface FakeService {
    fetch: (request: Request) => Promise<Response>;
    /** Every request seen, in order: method, path, Authorization header, body. */
    seen: { method: string; path: string; authorization: string | null; body: string }[];
    refreshes(): number;
    /** Issues a pair as a login would; `expired` gives an access token already refused. */
    issue(expired?: boolean): { access_token: string; refresh_token: string };
    /** What the next refreshes answer: "ok" (rotate), a status for a problem, or "slow" (ok after a pause). */
    refreshAnswer: "ok" | "slow" | number;
    /** Whether password logins answer with an MFA challenge. */
    mfa: boolean;
    /** Whether every 401 "unauthorized" after the first takes 30 ms, so it arrives after a quick refresh. */
    slowRejections: boolean;
}

export function fakeService(): FakeService {
    let counter = 0;
    let rejections = 0;
    const liveAccess = new Set<string>();
    const liveRefresh = new Set<string>();
    const seen: FakeService["seen"] = [];

    function issue(expired = false) {
        counter += 1;
        const pair = { access_token: `access-${counter}`, refresh_token: `refresh-${counter}` };
        if (!expired) {
            liveAccess.add(pair.access_token);
        }
        liveRefresh.add(pair.refresh_token);
        return pair;
    }

    function pairBody(pair: { access_token: string; refresh_token: string }) {
        return {
            ...pair,
            token_type: "Bearer",
            expires_in: 600,
            refresh_expires_in: 2_592_000,
            session_id: "5b0c6f62-6d3e-4d4c-9a3a-6f0e2f1f9c11",
        };
    }

    const service: FakeService = {
        seen,
        refreshAnswer: "ok",
        mfa: false,
        slowRejections: false,
        issue,
        refreshes: () => seen.filter((r) => r.path === "/api/v1/auth/refresh").length,
        async fetch(request) {
            const path = new URL(request.url).pathname;
            const body = await request.text();
            const authorization = request.headers.get("Authorization");
            seen.push({ method: request.method, path, authorization, body });
            const bearer = authorization?.replace(/^Bearer /, "") ?? "";

            if (path === "/api/v1/auth/login") {
                const { password } = JSON.parse(body) as { password: string };
                if (password !== "right password") {
                    return problem(401, "invalid-credentials");
                }
                return json(200, service.mfa ? { mfa_required: true, mfa_token: "mfa-1" } : pairBody(issue()));
            }
            if (path === "/api/v1/auth/login/mfa") {
                const { mfa_token, code } = JSON.parse(body) as { mfa_token: string; code: string };
                return mfa_token === "mfa-1" && code === "123456" ? json(200, pairBody(issue())) : problem(401, "invalid-code");
            }
            if (path === "/api/v1/auth/refresh") {
                const { refresh_token } = JSON.parse(body) as { refresh_token: string };
                if (typeof service.refreshAnswer === "number") {
                    return problem(service.refreshAnswer, service.refreshAnswer === 401 ? "invalid-token" : "service-unavailable");
                }
                if (service.refreshAnswer === "slow") {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                if (!liveRefresh.delete(refresh_token)) {
                    return problem(401, "invalid-token");
                }
                return json(200, pairBody(issue()));
            }
            if (!liveAccess.has(bearer)) {
                rejections += 1;
                if (service.slowRejections && rejections > 1) {
                    await new Promise((resolve) => setTimeout(resolve, 30));
                }
                return problem(401, "unauthorized");
            }
            if (path === "/api/v1/auth/logout") {
                liveAccess.delete(bearer);
                return new Response(null, { status: 204 });
            }
            if (path === "/api/v1/me" && request.method === "GET") {
                return json(200, { username: "ada" });
            }
            if (path === "/api/v1/me" && request.method === "PATCH") {
                return json(200, { username: "ada", ...(JSON.parse(body) as object) });
            }
            return problem(404, "not-found");
        },
    };
    return service;
}

function json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function problem(status: number, slug: string): Response {
    return new Response(JSON.stringify({
        type: `https://vigil.dev/problems/${slug}`,
        title: slug.replace(/-/g, " "),
        status,
        detail: `fake ${slug}`,
    }), { status, headers: { "Content-Type": "application/problem+json" } });
}
