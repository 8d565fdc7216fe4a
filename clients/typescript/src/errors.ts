import type { components } from "./generated/openapi.js";

/** The RFC 9457 body of every error answer, as the service's document describes it. */
export type Problem = components["schemas"]["Problem"];

/** One invalid request field of a `validation-failed` problem. */
export type FieldError = components["schemas"]["FieldError"];

/**
 * An error answer of the service, built from its problem+json body.
 *
 * `type` is the short slug ("invalid-credentials", "unauthorized", ...), the part worth switching
 * on; `typeUrl` is the full `type` member of the body. An answer that is not problem+json (a proxy's
 * HTML page, an empty body) still becomes a VigilError, with `typeUrl` "about:blank" and `problem`
 * undefined.
 */
export class VigilError extends Error {
    override readonly name = "VigilError";
    /** The problem's slug, e.g. "validation-failed". */
    readonly type: string;
    /** The problem's full type URI. */
    readonly typeUrl: string;
    /** The HTTP status of the answer. */
    readonly status: number;
    readonly title: string;
    readonly detail: string | undefined;
    /** The invalid fields; empty unless the problem is `validation-failed`. */
    readonly errors: FieldError[];
    /** The body as the service sent it, with any extra members (`locked_until`, `retry_after`, ...). */
    readonly problem: Problem | undefined;

    constructor(status: number, body: unknown) {
        const problem = isProblem(body) ? body : undefined;
        const typeUrl = problem?.type ?? "about:blank";
        const title = problem?.title ?? `HTTP ${status}`;
        const detail = problem?.detail;
        super(detail ? `${title}: ${detail}` : title);
        this.typeUrl = typeUrl;
        this.type = slugOf(typeUrl);
        this.status = problem?.status ?? status;
        this.title = title;
        this.detail = detail;
        this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
        this.problem = problem;
    }

    /** The error of an answer: `body` is what openapi-fetch parsed (or failed to parse) from it. */
    static from(response: Response, body: unknown): VigilError {
        return new VigilError(response.status, body);
    }
}

/** What every openapi-fetch call resolves to. */
export interface CallResult<T> {
    data?: T;
    error?: unknown;
    response: Response;
}

/** The data type of a call's successful outcome. */
export type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;

/**
 * The data of a successful call, or a thrown {@link VigilError} for an error answer:
 * `const me = unwrap(await vigil.api.GET("/api/v1/me"))`. For a 204 answer it returns undefined.
 */
export function unwrap<R extends CallResult<unknown>>(result: R): DataOf<R> {
    if (!result.response.ok) {
        throw VigilError.from(result.response, result.error);
    }
    return result.data as DataOf<R>;
}

function isProblem(body: unknown): body is Problem {
    return typeof body === "object" && body !== null && typeof (body as { type?: unknown }).type === "string";
}

function slugOf(typeUrl: string): string {
    const cut = typeUrl.replace(/\/+$/, "").lastIndexOf("/");
    return cut >= 0 ? typeUrl.slice(cut + 1) : typeUrl;
}
