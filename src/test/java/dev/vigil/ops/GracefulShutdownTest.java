package dev.vigil.ops;

import static dev.vigil.support.Management.management;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness has a check that turns DOWN as soon as shutdown begins, so load balancers stop sending
 * traffic before the server stops accepting it. (The shutdown itself ends the test application, so
 * only the wiring is checked here.)
 */
@QuarkusTest
class GracefulShutdownTest {

    @Test
    void readinessIncludesTheShutdownCheckWhichIsUpWhileRunning() {
        management().get("/q/health/ready").then().statusCode(200)
                .body("checks.findAll { it.status == 'UP' }.name", hasItem("Graceful Shutdown"));
    }
}
