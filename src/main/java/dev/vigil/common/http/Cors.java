package dev.vigil.common.http;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets the web apps at {@code vigil.cors.origins} call the API from their own origin. A preflight
 * from one of them is answered here (204, what it may send); one from any other origin is refused
 * (403 problem+json). Other requests are served as usual, and get {@code Access-Control-Allow-Origin}
 * only when their origin is allowed, so the browser hands the answer to no other page. Nothing else
 * is refused here: same-origin form posts also carry an {@code Origin} header.
 *
 * <p>Vigil takes bearer tokens, not cookies, so credentials are never allowed.
 */
@ApplicationScoped
public class Cors {

    /** After {@link RequestIds}, before every route that may answer (so errors carry the headers too). */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id, X-Admin-Pin";
    static final String EXPOSED_HEADERS = "Location, Retry-After, WWW-Authenticate, X-Request-Id, "
            + "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";
    /** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
    static final String MAX_AGE_SECONDS = "600";

    private final AllowedOrigins origins;

    Cors(@ConfigProperty(name = "vigil.cors.origins") Optional<List<String>> origins) {
        this.origins = AllowedOrigins.parse(origins.orElse(List.of()));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        boolean allowed = origins.allows(origin);
        if (!origins.isEmpty()) {
            response.headers().add(HttpHeaders.VARY, "Origin");
        }
        if (isPreflight(request)) {
            if (!allowed) {
                context.fail(403);
                return;
            }
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS)
                    .setStatusCode(204)
                    .end();
            return;
        }
        if (allowed) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        }
        context.next();
    }

    /** A browser asking before a cross-origin request, as opposed to a plain OPTIONS. */
    private static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }
}
