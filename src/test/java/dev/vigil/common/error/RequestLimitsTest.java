package dev.vigil.common.error;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Over-long URIs (414) and oversized headers (431) are answered by Vigil itself, as problems with the
 * security headers every other answer carries, not by the HTTP codec's bare, header-less reply.
 */
@QuarkusTest
class RequestLimitsTest {

    @Test
    void overLongUriIsUriTooLongWithTheSecurityHeaders() {
        assertProblem(given().get("/api/v1/users/nobody?q=" + "x".repeat(6_000)), 414, "uri-too-long")
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void uriJustUnderTheLimitIsServed() {
        given().get("/api/v1/auth/username-available?username=" + "a".repeat(3_000))
                .then().statusCode(400)
                .body("type", equalTo("https://vigil.dev/problems/validation-failed"));
    }

    @Test
    void oversizedHeadersAreHeadersTooLargeWithTheSecurityHeaders() {
        assertProblem(given().header("X-Padding", "x".repeat(30_000)).get("/api/v1/users/nobody"), 431, "headers-too-large")
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void headersUnderTheLimitAreServed() {
        assertProblem(given().header("X-Padding", "x".repeat(10_000)).get("/api/v1/users/nobody"), 404, "not-found");
    }
}
