package dev.vigil.devtools;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;

/**
 * While the dev tools are off, {@code /dev} and everything below it fail with 404 before any resource
 * sees them, whatever the method, so the error handlers answer the usual problem+json 404 and
 * nothing tells that the pages exist.
 */
@ApplicationScoped
public class DevToolsSwitch {

    /** Before Quarkus's own routes, like the Swagger UI switch. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    private final boolean enabled;

    DevToolsSwitch(DevToolsConfig config) {
        this.enabled = config.enabled();
    }

    void install(@Observes Router router) {
        if (!enabled) {
            router.route("/dev").order(ORDER).handler(context -> context.fail(404));
            router.route("/dev/*").order(ORDER).handler(context -> context.fail(404));
        }
    }
}
