package dev.vigil.common.error;

import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Control characters outside JSON bodies: in the path no resource can match (404), in a query
 * parameter or a form field they are 400 naming the parameter; a form that cannot be read is 400,
 * one with an oversized field 413. None of them reaches the database.
 */
@QuarkusTest
class ParameterRulesTest {

    @Test
    void nulInThePathIsNotFound() {
        assertProblem(given().urlEncodingEnabled(false).get("/api/v1/users/a%00b"), 404, "not-found");
    }

    @Test
    void controlCharacterInAPathSegmentOfAnyRouteIsNotFound() {
        assertProblem(given().urlEncodingEnabled(false).get("/api/v1/me%0a"), 404, "not-found");
    }

    @Test
    void nulInAQueryParameterNamesTheParameter() {
        assertInvalidField(given().urlEncodingEnabled(false).get("/api/v1/auth/username-available?username=a%00b"), "username")
                .body("errors.message", contains("must not contain control characters"));
    }

    @Test
    void tabInAQueryParameterIsRefusedToo() {
        assertInvalidField(given().urlEncodingEnabled(false).get("/api/v1/auth/username-available?username=a%09b"), "username");
    }

    @Test
    void nulInAFormFieldNamesTheField() {
        assertInvalidField(form("login=a%00b"), "login");
    }

    @Test
    void formWithABrokenEscapeIsMalformedInsteadOfUnanswered() {
        assertProblem(form("login=%ZZ"), 400, "malformed-request");
    }

    @Test
    void formFieldOverTheFieldLimitIsPayloadTooLarge() {
        assertProblem(form("login=" + "a".repeat(3_000)), 413, "payload-too-large")
                .body("detail", equalTo("A form field must not exceed 2048 bytes"));
    }

    @Test
    void wellFormedFormStillReachesTheLinkPage() {
        form("login=nobody-here").then().statusCode(200).contentType(ContentType.HTML);
    }

    private static io.restassured.response.Response form(String body) {
        return given().contentType("application/x-www-form-urlencoded").body(body).post("/forgot-password");
    }
}
