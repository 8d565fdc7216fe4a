package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Bean Validation failures name each request field the way the client spelled it. */
@QuarkusTest
class ValidationProblemTest {

    @Test
    void invalidBodyListsEachFieldInSnakeCase() {
        String body = """
                {"email": "not-an-email", "display_name": " ", "home_address": {"postal_code": ""},
                 "nick_names": ["ok", ""]}
                """;
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/test-errors/body").then(),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", containsInAnyOrder("email", "display_name", "home_address.postal_code",
                        "nick_names[1]"))
                .body("errors.find { it.field == 'email' }.message", equalTo("must be a plain email address such as ada@example.org"))
                .body("errors.find { it.field == 'display_name' }.message", equalTo("must not be blank"));
    }

    @Test
    void missingRequiredFieldsAreListed() {
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/test-errors/body").then(),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", containsInAnyOrder("email", "display_name"));
    }

    @Test
    void invalidQueryParametersUseTheirWireNames() {
        assertProblem(given().queryParam("size", 0).queryParam("sort_by", "").get("/test-errors/query").then(),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", containsInAnyOrder("size", "sort_by"))
                .body("errors.find { it.field == 'size' }.message", equalTo("must be greater than or equal to 1"));
    }

    @Test
    void unconvertibleQueryParameterIsBadRequestNotNotFound() {
        assertProblem(given().queryParam("size", "abc").queryParam("sort_by", "name").get("/test-errors/query").then(),
                CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("size"))
                .body("errors.message", contains("must be a whole number"));
    }

    @Test
    void validRequestPasses() {
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"ada@example.com\", \"display_name\": \"Ada\"}")
                .post("/test-errors/body")
                .then()
                .statusCode(200)
                .body("display_name", equalTo("Ada"));
    }
}
