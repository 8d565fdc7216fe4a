package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Requests that reach no resource, or the wrong one, are answered with problems, not HTML or empty bodies. */
@QuarkusTest
class RoutingProblemTest {

    @Test
    void unknownPathOutsideAnyResourceIsNotFound() {
        assertProblem(given().get("/nope").then(), CommonError.NOT_FOUND)
                .body("errors", nullValue());
    }

    @Test
    void unknownApiPathIsNotFound() {
        assertProblem(given().get("/api/v1/nope").then(), CommonError.NOT_FOUND);
    }

    @Test
    void unknownPathUnderAResourceIsNotFound() {
        assertProblem(given().get("/test-errors/nope").then(), CommonError.NOT_FOUND);
    }

    @Test
    void unknownPathUnderOperationsRootIsNotFound() {
        assertProblem(given().get("/q/nope").then(), CommonError.NOT_FOUND);
    }

    @Test
    void notFoundThrownByAResourceIsAProblem() {
        assertProblem(given().get("/test-errors/status/404").then(), CommonError.NOT_FOUND);
    }

    @Test
    void wrongMethodIsMethodNotAllowedAndListsTheAllowedOnes() {
        assertProblem(given().post("/test-errors/json-only").then(), CommonError.METHOD_NOT_ALLOWED)
                .header("Allow", equalTo("GET, HEAD, OPTIONS"))
                .body("detail", containsString("POST"));
    }

    @Test
    void wrongContentTypeOnAJsonPostIsUnsupportedMediaType() {
        assertProblem(given().contentType("text/plain").body("hello").post("/test-errors/body").then(),
                CommonError.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void unacceptableAcceptHeaderIsNotAcceptable() {
        assertProblem(given().accept("text/csv").get("/test-errors/json-only").then(), CommonError.NOT_ACCEPTABLE);
    }

    @Test
    void otherClientErrorStatusGetsASlugFromItsReasonPhrase() {
        given().get("/test-errors/status/409")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://vigil.dev/problems/conflict"))
                .body("title", equalTo("Conflict"))
                .body("status", equalTo(409));
    }

    @Test
    void failedPlainVertxRouteWithClientStatusIsAProblem() {
        given().get("/test-routes/conflict")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://vigil.dev/problems/conflict"))
                .body("status", equalTo(409));
    }

    @Test
    void successfulRequestsAreUntouched() {
        given().get("/test-errors/json-only")
                .then()
                .statusCode(200)
                .contentType(not(containsString("problem")))
                .body("[0]", equalTo("ok"));
    }
}
