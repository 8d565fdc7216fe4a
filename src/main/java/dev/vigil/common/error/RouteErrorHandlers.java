package dev.vigil.common.error;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.common.db.DatabaseOutages;
import dev.vigil.common.http.RequestIds;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

/**
 * Makes the errors that Vert.x and Quarkus produce outside the REST layer problem+json too: no route
 * for the path (404) or method (405), a request body over {@code quarkus.http.limits.max-body-size}
 * (413), and any failure of a route handler (401, 403, 500, ...), which would otherwise get Vert.x's
 * HTML page, Quarkus's text page or an empty body.
 *
 * <p>The body limit is enforced here, just before Quarkus's own check
 * ({@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}), because Quarkus answers an oversized body with an
 * empty 413: a declared {@code Content-Length} over the limit is refused at once; a chunked body is
 * read up to the limit (Quarkus REST then uses the buffered body) and refused when it goes beyond.
 */
@ApplicationScoped
public class RouteErrorHandlers {

    private static final Logger LOG = Logger.getLogger(RouteErrorHandlers.class);

    /** Runs before Quarkus's own body-limit route, which would answer 413 with an empty body. */
    static final int BODY_LIMIT_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    private final ObjectMapper objectMapper;
    private final DatabaseOutages outages;
    private final long maxBodySize;
    private final BodyHandler chunkedBodyReader;

    RouteErrorHandlers(ObjectMapper objectMapper, DatabaseOutages outages,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.objectMapper = objectMapper;
        this.outages = outages;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(-1L);
        this.chunkedBodyReader = BodyHandler.create(false).setBodyLimit(this.maxBodySize);
    }

    /** Installs the handlers on the application router when the HTTP server starts. */
    void install(@Observes Router router) {
        if (maxBodySize > 0) {
            router.route().order(BODY_LIMIT_ORDER).handler(this::enforceBodyLimit);
        }
        router.route().failureHandler(this::handleFailure);
        router.errorHandler(404, context -> send(context, FrameworkProblems.notFound()));
        // Only for plain Vert.x routes that take the path but not the method; Quarkus REST answers its own 405s.
        router.errorHandler(405, context -> send(context,
                FrameworkProblems.methodNotAllowed(context.request().method().name())));
    }

    private void enforceBodyLimit(RoutingContext context) {
        HttpServerRequest request = context.request();
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null) {
            if (isOverLimit(contentLength)) {
                refuseOversizedBody(context);
            } else {
                context.next();
            }
        } else if (isChunked(request) && !isForm(request)) {
            // Buffers at most maxBodySize bytes, then fails the request with 413 (see handleFailure).
            chunkedBodyReader.handle(context);
        } else {
            context.next();
        }
    }

    private boolean isOverLimit(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // not ours to judge: the HTTP codec rejects it
        }
    }

    private static boolean isChunked(HttpServerRequest request) {
        String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /**
     * URL-encoded forms were already read, within the same limit, by {@link RequestHygiene}; multipart
     * bodies are parsed by Quarkus REST from the live request and keep Quarkus's own limit check.
     */
    private static boolean isForm(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }

    private void refuseOversizedBody(RoutingContext context) {
        // The rest of the body is never read, so the connection cannot be reused.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        send(context, FrameworkProblems.payloadTooLarge(maxBodySize));
    }

    private void handleFailure(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Part of another answer is on the wire already; the only honest thing left is to cut it.
            LOG.debugf(context.failure(), "Failure after the response started, closing the connection");
            context.request().connection().close();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationRedirectException) {
            context.next(); // a redirect (login page), which Quarkus knows how to send
            return;
        }
        int status = statusOf(context);
        if (failure instanceof VigilException vigil) {
            send(context, Problem.from(vigil));
        } else if (status == 413) {
            refuseOversizedBody(context);
        } else if (status >= 400 && status < 500) {
            send(context, FrameworkProblems.forStatus(status, context.request().method().name()));
        } else if (outages.refused(failure)) {
            send(context, FrameworkProblems.serviceUnavailable());
        } else {
            send(context, FrameworkProblems.internalError(failure));
        }
    }

    private static int statusOf(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException
                || failure instanceof AuthenticationCompletionException) {
            return 401;
        }
        if (failure instanceof ForbiddenException) {
            return 403;
        }
        if (failure instanceof HttpException http) {
            return http.getStatusCode();
        }
        return failure == null && context.statusCode() > 0 ? context.statusCode() : 500;
    }

    /** Sends {@code problem} as the response, with the request id and the headers a problem needs. */
    void send(RoutingContext context, Problem problem) {
        int status = problem.status();
        byte[] body;
        try {
            body = objectMapper.writeValueAsBytes(ProblemRequestIds.withRequestId(problem, RequestIds.of(context)));
        } catch (JsonProcessingException e) {
            status = CommonError.INTERNAL_ERROR.status();
            body = unserializable(e);
        }
        HttpServerResponse response = context.response();
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        if (status == CommonError.UNAUTHORIZED.status()) {
            response.putHeader(HttpHeaderNames.WWW_AUTHENTICATE, Problem.BEARER_CHALLENGE);
        }
        Object retryAfter = problem.extensions().get(Problem.RETRY_AFTER);
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }

    /** A hand-written internal-error body, for the problem whose extensions Jackson could not write. */
    private static byte[] unserializable(JsonProcessingException failure) {
        Problem problem = FrameworkProblems.internalError(failure);
        String json = "{\"type\":\"" + problem.type() + "\",\"title\":\"" + problem.title()
                + "\",\"status\":" + problem.status() + ",\"detail\":\"" + problem.detail() + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
