package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A JSON body that cannot be read is a 400 naming the culprit, never a 500 or Jackson's own message. */
@QuarkusTest
class JsonBodyProblemTest {

    @Test
    void malformedJsonIsMalformedRequest() {
        assertProblem(post("{\"email\": "), CommonError.MALFORMED_REQUEST)
                .body("$", not(hasKey("errors")));
    }

    @Test
    void emptyBodyIsMalformedRequest() {
        assertProblem(post(""), CommonError.MALFORMED_REQUEST)
                .body("detail", equalTo("A request body is required"));
    }

    @Test
    void bodyOfTheWrongShapeIsMalformedRequest() {
        assertProblem(post("[1, 2]"), CommonError.MALFORMED_REQUEST);
    }

    @Test
    void wrongTypeNamesTheField() {
        assertProblem(post("{\"email\": \"a@example.com\", \"display_name\": \"A\", \"login_count\": \"many\"}"),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("login_count"))
                .body("errors.message", contains("must be a whole number"));
    }

    @Test
    void unparsableInstantNamesTheField() {
        assertProblem(post("{\"email\": \"a@example.com\", \"display_name\": \"A\", \"not_before\": \"yesterday\"}"),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("not_before"));
    }

    @Test
    void wrongTypeInANestedListNamesTheElement() {
        assertProblem(post("{\"email\": \"a@example.com\", \"display_name\": \"A\", \"nick_names\": [\"x\", {}]}"),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("nick_names[1]"))
                .body("errors.message", contains("must be a string"));
    }

    @Test
    void unknownFieldIsRejectedByName() {
        assertProblem(post("{\"email\": \"a@example.com\", \"display_name\": \"A\", \"is_admin\": true}"),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("is_admin"))
                .body("errors.message", contains("unknown field"));
    }

    @Test
    void unknownNestedFieldIsRejectedWithItsPath() {
        assertProblem(post("{\"email\": \"a@example.com\", \"display_name\": \"A\","
                + " \"home_address\": {\"postal_code\": \"1000\", \"street\": \"x\"}}"),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("home_address.street"))
                .body("errors.message", contains("unknown field"));
    }

    @Test
    void camelCaseSpellingOfAFieldIsUnknown() {
        assertProblem(post("{\"email\": \"a@example.com\", \"displayName\": \"A\"}"), CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("displayName"));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/test-errors/body").then();
    }
}
