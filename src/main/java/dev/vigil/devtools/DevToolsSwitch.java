package dev.vigil.devtools;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;

/**
 * While the dev tools are off, {@code /dev} and everything below it fail with 404 before any resource
 * sees them, whatever the method, so the error handlers answer the usual problem+json 404 and
 * nothing tells that the pages exist. While they are on outside dev mode, every start says so.
 */
@ApplicationScoped
public class DevToolsSwitch {

    /** Before Quarkus's own routes, like the Swagger UI switch. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    private static final Logger LOG = Logger.getLogger(DevToolsSwitch.class);

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

    void warnOutsideDevMode(@Observes StartupEvent event) {
        if (enabled && LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            LOG.warn("vigil.dev-tools.enabled is on outside dev mode: /dev/mail shows every mailed link to anyone"
                    + " who asks. Turn it off unless this is a workstation.");
        }
    }
}
