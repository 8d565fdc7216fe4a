package dev.vigil.common.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;

/**
 * Test-only plain Vert.x routes (outside Quarkus REST), failing the way route handlers and
 * framework filters do, to check that such failures are problem+json too.
 */
@ApplicationScoped
public class TestRoutes {

    void install(@Observes Router router) {
        router.get("/test-routes/boom").handler(context -> {
            throw new IllegalStateException("secret SQL text: select password_hash from users");
        });
        router.get("/test-routes/unauthorized").handler(context -> context.fail(new UnauthorizedException()));
        router.get("/test-routes/conflict").handler(context -> context.fail(409));
    }
}
