package dev.vigil.common.error;

import static dev.vigil.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The error handlers on the router leave the operations endpoints under {@code /q} working. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthEndpointsStillAnswer() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentStillAnswers() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi:"));
    }

    @Test
    void metricsStillAnswer() {
        management().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
    }

    @Test
    void swaggerUiStillAnswers() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }
}
