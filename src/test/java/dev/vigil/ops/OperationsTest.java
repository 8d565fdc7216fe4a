package dev.vigil.ops;

import static dev.vigil.support.Management.management;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest {

    @Test
    void livenessAndReadinessAreUpWithTheDatabase() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.database", equalTo("available"));
    }

    @Test
    void metricsArePrometheusText() {
        given().get("/api/v1/auth/username-available?username=metrics-probe").then().statusCode(200);
        management().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("vigil_check_in_reminders_total{channel=\"sms\""))
                .body(containsString("vigil_check_in_releases_total"));
    }

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        for (String path : new String[] { "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics" }) {
            assertProblem(given().get(path), 404, "not-found");
        }
    }

    @Test
    void openApiDocumentsEveryOperationWithItsStatusCodes() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/auth/register'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/auth/register'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/auth/register'.post.responses", not(hasKey("200")))
                .body("paths.'/api/v1/auth/login'.post.responses", hasKey("423"))
                .body("paths.'/api/v1/auth/refresh'.post.responses", hasKey("401"))
                .body("paths.'/api/v1/auth/logout'.post.responses", hasKey("204"))
                .body("paths.'/api/v1/me'.get.responses", hasKey("200"))
                .body("paths.'/api/v1/me'.patch.responses", hasKey("409"))
                .body("paths.'/api/v1/me'.delete.responses", hasKey("204"))
                .body("paths.'/api/v1/me/password'.post.responses", hasKey("204"))
                .body("paths.'/api/v1/users/{username}'.get.responses", hasKey("404"))
                .body("paths.'/.well-known/jwks.json'.get.responses", hasKey("200"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/me'.get.security[0]", hasKey("bearer"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
