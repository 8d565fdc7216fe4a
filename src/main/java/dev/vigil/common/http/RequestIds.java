package dev.vigil.common.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request an id: the caller's {@value #HEADER} when it is a plain token of at most 64
 * characters, else a fresh UUID. The id is echoed in the response header, is in the logging MDC
 * under {@value #MDC_KEY} while the request is handled, and problem bodies carry it as
 * {@code request_id}, so a client's report can be matched to the server's log lines.
 */
@ApplicationScoped
public class RequestIds {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";

    /** The MDC key, and the problem member, that hold the id. */
    public static final String MDC_KEY = "request_id";

    /** Before every other route, so even a refused body or an unknown path is answered with an id. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1;

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The id of this request, or null outside a request that went through the router. */
    public static String of(RoutingContext context) {
        return context == null ? null : context.get(MDC_KEY);
    }

    /** The caller's id when it is acceptable, else a fresh one. */
    static String choose(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::assign);
    }

    private void assign(RoutingContext context) {
        String id = choose(context.request().getHeader(HEADER));
        context.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        // Vert.x requests run on their own duplicated context, where Quarkus keeps the MDC.
        MDC.put(MDC_KEY, id);
        context.next();
    }
}
