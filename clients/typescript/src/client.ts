import createClient, { type Client } from "openapi-fetch";

import { VigilError } from "./errors.js";
import type { components, paths } from "./generated/openapi.js";
import { memoryTokenStore, type TokenStore, type Tokens } from "./tokens.js";

/** The fetch function a client sends its requests through. */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

export interface VigilClientOptions {
    /** Where the service answers, e.g. "https://vigil.example.org" (no /api/v1). */
    baseUrl: string;
    /** Where tokens are kept; memory unless given. */
    tokenStore?: TokenStore;
    /** The fetch to use; the global one unless given (tests count requests through their own). */
    fetch?: FetchFunction;
    /**
     * Called once when the service refuses to renew the session (logged out elsewhere, password
     * reset, revoked, expired): the tokens are already cleared. Typically shows the sign-in screen.
     * Not called by {@link VigilClient.logout}.
     */
    onSessionEnded?: () => void | Promise<void>;
}

/** The outcome of a password (or second-factor) login. */
export type LoginResult =
    | { status: "signed-in"; session_id: string }
    | { status: "mfa-required"; mfa_token: string };

export interface VigilClient {
    /**
     * Every endpoint of the service, typed from its OpenAPI document. Calls carry the stored access
     * token and renew it when it has expired. A request that already has an Authorization header
     * (an API key, say) is sent as it is.
     */
    api: Client<paths>;
    /** Logs in; on "signed-in" the tokens are stored. Error answers are thrown as {@link VigilError}. */
    login(login: string, password: string): Promise<LoginResult>;
    /** Completes a login that answered "mfa-required", with a TOTP or recovery code. */
    loginMfa(mfaToken: string, code: string): Promise<LoginResult & { status: "signed-in" }>;
    /** Ends this session at the service and clears the stored tokens, even when the service cannot be reached. */
    logout(): Promise<void>;
    /** Whether tokens are stored. Asynchronous because the token store may be. */
    signedIn(): Promise<boolean>;
}

type TokenPair = components["schemas"]["TokenPair"];

/** What POST /api/v1/auth/login answers with 200: a token pair, or the demand for a second factor. */
type LoginAnswer = components["schemas"]["LoginResponse"];

/** How waiting for a new access token ended. */
type Renewal =
    | { kind: "renewed"; accessToken: string }
    | { kind: "ended" }
    | { kind: "failed"; answer: Response };

const REFRESH_PATH = "/api/v1/auth/refresh";

export function createVigilClient(options: VigilClientOptions): VigilClient {
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const store = options.tokenStore ?? memoryTokenStore();
    const send: FetchFunction = options.fetch ?? ((request, init) => globalThis.fetch(request, init));
    const plain = createClient<paths>({ baseUrl, fetch: send });
    let renewal: Promise<Renewal> | null = null;
    let loggingOut = false;

    /**
     * Sends a request with the stored access token. On a 401 "unauthorized" answer it waits for a
     * new access token (starting the one refresh, or joining the one under way) and sends the
     * request once more. A clone is taken first because a sent request's body cannot be read again.
     */
    async function authorizedFetch(request: Request, init?: RequestInit): Promise<Response> {
        if (request.headers.has("Authorization")) {
            return send(request, init);
        }
        const tokens = await store.get();
        if (!tokens) {
            return send(request, init);
        }
        const retry = request.clone();
        request.headers.set("Authorization", `Bearer ${tokens.access_token}`);
        const answer = await send(request, init);
        if (answer.status !== 401 || !(await isUnauthorized(answer))) {
            return answer;
        }
        const renewed = await renewAfter(tokens.access_token);
        switch (renewed.kind) {
            case "ended":
                return answer;
            case "failed":
                return renewed.answer.clone();
            case "renewed":
                retry.headers.set("Authorization", `Bearer ${renewed.accessToken}`);
                return send(retry, init);
        }
    }

    /** A new access token after `rejected` was refused: one refresh at a time, shared by every caller. */
    async function renewAfter(rejected: string): Promise<Renewal> {
        if (renewal) {
            return renewal;
        }
        const current = await store.get();
        if (renewal) {
            return renewal;
        }
        if (!current) {
            return { kind: "ended" };
        }
        if (current.access_token !== rejected) {
            // Someone renewed while this request was on its way: its token is already the old one.
            return { kind: "renewed", accessToken: current.access_token };
        }
        renewal = refresh(current).finally(() => {
            renewal = null;
        });
        return renewal;
    }

    async function refresh(current: Tokens): Promise<Renewal> {
        const answer = await send(new Request(baseUrl + REFRESH_PATH, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ refresh_token: current.refresh_token }),
        }));
        if (answer.ok) {
            const tokens = tokensOf(await answer.json() as TokenPair);
            await store.set(tokens);
            return { kind: "renewed", accessToken: tokens.access_token };
        }
        if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
            // The refresh token is dead (rotated away, revoked, expired): so is the session.
            await store.clear();
            if (!loggingOut) {
                await sessionEnded();
            }
            return { kind: "ended" };
        }
        // 429, 503, a proxy's 502: the session may well be alive; the caller gets this answer.
        return { kind: "failed", answer };
    }

    async function sessionEnded(): Promise<void> {
        try {
            await options.onSessionEnded?.();
        } catch (error) {
            // The app's handler failing must not turn the caller's 401 into something else.
            console.error("onSessionEnded failed", error);
        }
    }

    const api = createClient<paths>({ baseUrl, fetch: authorizedFetch });

    async function signIn(pair: TokenPair): Promise<{ status: "signed-in"; session_id: string }> {
        await store.set(tokensOf(pair));
        return { status: "signed-in", session_id: pair.session_id ?? "" };
    }

    return {
        api,

        async login(login, password) {
            const { data, error, response } = await plain.POST("/api/v1/auth/login", {
                body: { login, password },
            });
            if (!response.ok) {
                throw VigilError.from(response, error);
            }
            const answer = data as LoginAnswer;
            if ("mfa_required" in answer && answer.mfa_required) {
                return { status: "mfa-required", mfa_token: answer.mfa_token ?? "" };
            }
            return signIn(answer as TokenPair);
        },

        async loginMfa(mfaToken, code) {
            const { data, error, response } = await plain.POST("/api/v1/auth/login/mfa", {
                body: { mfa_token: mfaToken, code },
            });
            if (!response.ok) {
                throw VigilError.from(response, error);
            }
            return signIn(data as TokenPair);
        },

        async logout() {
            if (!(await store.get())) {
                return;
            }
            loggingOut = true;
            try {
                const { error, response } = await api.POST("/api/v1/auth/logout");
                // 401: the session had already ended, which is what was asked for.
                if (!response.ok && response.status !== 401) {
                    throw VigilError.from(response, error);
                }
            } finally {
                loggingOut = false;
                await store.clear();
            }
        },

        async signedIn() {
            return (await store.get()) !== null;
        },
    };
}

function tokensOf(pair: TokenPair): Tokens {
    if (typeof pair.access_token !== "string" || typeof pair.refresh_token !== "string") {
        throw new Error("The service answered without a token pair");
    }
    return { access_token: pair.access_token, refresh_token: pair.refresh_token };
}

/**
 * Whether a 401 says the access token was not accepted (problem type "unauthorized"), as opposed to
 * a 401 about something else (a wrong password on login). An unreadable body counts as the former.
 */
async function isUnauthorized(answer: Response): Promise<boolean> {
    try {
        const body: unknown = await answer.clone().json();
        const type = (body as { type?: unknown } | null)?.type;
        return typeof type !== "string" || /\/unauthorized$/.test(type);
    } catch {
        return true;
    }
}
