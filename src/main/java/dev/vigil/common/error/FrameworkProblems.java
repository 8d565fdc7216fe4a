package dev.vigil.common.error;

import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.vigil.common.db.DatabaseOutage;

/**
 * The problems for failures that the framework detects on its own (no route, wrong method, bad
 * credentials, oversized body, an unexpected exception), shared by the JAX-RS exception mappers and
 * the Vert.x route handlers so both layers answer alike.
 */
final class FrameworkProblems {

    private static final Logger LOG = Logger.getLogger(FrameworkProblems.class);

    private FrameworkProblems() {
    }

    /** 401 {@code unauthorized}; its response carries {@code WWW-Authenticate: Bearer}. */
    static Problem unauthorized() {
        return Problem.of(CommonError.UNAUTHORIZED, "Missing, invalid or expired credentials");
    }

    /** 403 {@code forbidden}. */
    static Problem forbidden() {
        return Problem.of(CommonError.FORBIDDEN, "You are not allowed to do this");
    }

    /** 404 {@code not-found}. */
    static Problem notFound() {
        return Problem.of(CommonError.NOT_FOUND, "Nothing exists at this address");
    }

    /** 405 {@code method-not-allowed}; the caller adds the {@code Allow} header when it knows it. */
    static Problem methodNotAllowed(String method) {
        return Problem.of(CommonError.METHOD_NOT_ALLOWED, "The " + method + " method is not allowed here");
    }

    /** 406 {@code not-acceptable}. */
    static Problem notAcceptable() {
        return Problem.of(CommonError.NOT_ACCEPTABLE, "None of the accepted media types can be produced");
    }

    /** 415 {@code unsupported-media-type}. */
    static Problem unsupportedMediaType() {
        return Problem.of(CommonError.UNSUPPORTED_MEDIA_TYPE, "The request's content type is not supported here");
    }

    /** 414 {@code uri-too-long}. */
    static Problem uriTooLong() {
        return Problem.of(CommonError.URI_TOO_LONG, "The request's path and query are too long");
    }

    /** 431 {@code headers-too-large}. */
    static Problem headersTooLarge() {
        return Problem.of(CommonError.HEADERS_TOO_LARGE, "The request's headers are too large");
    }

    /** 413 {@code payload-too-large}, naming the limit so clients know what to send instead. */
    static Problem payloadTooLarge(long limitBytes) {
        String limit = limitBytes % 1024 == 0 ? (limitBytes / 1024) + " KiB" : limitBytes + " bytes";
        return Problem.of(CommonError.PAYLOAD_TOO_LARGE, "The request body must not exceed " + limit);
    }

    /** 400 {@code malformed-request} with the given explanation. */
    static Problem malformed(String detail) {
        return Problem.of(CommonError.MALFORMED_REQUEST, detail);
    }

    /**
     * The problem for a bare HTTP error status raised by the framework. Statuses Vigil names get their
     * slug; any other 4xx gets a slug made from its reason phrase; anything else is an internal error.
     */
    static Problem forStatus(int status, String method) {
        return switch (status) {
            case 400 -> malformed("The request could not be understood");
            case 401 -> unauthorized();
            case 403 -> forbidden();
            case 404 -> notFound();
            case 405 -> methodNotAllowed(method);
            case 406 -> notAcceptable();
            case 413 -> Problem.of(CommonError.PAYLOAD_TOO_LARGE, "The request body is too large");
            case 414 -> uriTooLong();
            case 415 -> unsupportedMediaType();
            case 429 -> Problem.of(CommonError.RATE_LIMITED, "Too many requests; try again later");
            case 431 -> headersTooLarge();
            default -> status >= 400 && status < 500 ? otherClientError(status) : internalError(null);
        };
    }

    /** Seconds a client should wait when the database is unavailable; readiness reports the same outage. */
    static final int OUTAGE_RETRY_AFTER_SECONDS = 5;

    /**
     * 503 {@code service-unavailable} with {@code Retry-After}: the database cannot take the request
     * right now. Logged once per outage by {@code DatabaseOutages}, not here.
     */
    static Problem serviceUnavailable() {
        return Problem.from(new VigilException(CommonError.SERVICE_UNAVAILABLE,
                "The service is briefly unavailable; please try again shortly")
                .with(Problem.RETRY_AFTER, OUTAGE_RETRY_AFTER_SECONDS));
    }

    /**
     * 500 {@code internal-error}. Logs the failure at ERROR under a fresh reference and puts only that
     * reference in the body: never the message, class or stack of the failure. A database outage that
     * reaches this far is still a 503 (the mappers count outages before they get here).
     */
    static Problem internalError(Throwable failure) {
        if (DatabaseOutage.is(failure)) {
            LOG.debugf("Database unavailable: %s", failure.getMessage());
            return serviceUnavailable();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unhandled failure, reference %s", reference);
        return Problem.of(CommonError.INTERNAL_ERROR,
                "An unexpected error occurred. Reference: " + reference);
    }

    private static Problem otherClientError(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Client error";
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return Problem.of(new ProblemType(status, slug, title), title);
    }
}
