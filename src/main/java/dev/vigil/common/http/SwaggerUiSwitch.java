package dev.vigil.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;

/**
 * With {@code quarkus.swagger-ui.enabled=false}, Quarkus answers the UI's paths with a bare 404;
 * this fails them first, so the error handlers answer the usual problem+json 404.
 */
@ApplicationScoped
public class SwaggerUiSwitch {

    /** Before Quarkus's own routes, which take Vert.x's default order (their place in the list). */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    private final boolean enabled;
    private final String path;

    SwaggerUiSwitch(@ConfigProperty(name = "quarkus.swagger-ui.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.swagger-ui.path", defaultValue = "swagger-ui") String path) {
        this.enabled = enabled;
        this.path = path.startsWith("/") ? path : "/q/" + path;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            router.route(path).order(ORDER).handler(context -> context.fail(404));
            router.route(path + "/*").order(ORDER).handler(context -> context.fail(404));
        }
    }
}
