package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A {@link VigilException} becomes the problem its error code names, with its facts at the top level. */
@QuarkusTest
class DomainProblemTest {

    @Test
    void domainExceptionUsesItsCodeAndMessageAndFlattensExtensions() {
        assertProblem(given().get("/test-errors/locked").then(), ErrorTestResource.TestError.ACCOUNT_LOCKED)
                .body("detail", equalTo("The account is locked"))
                .body("locked_until", equalTo("2026-11-21T09:00:00Z"))
                .body("$", hasKey("reason"))
                .body("reason", nullValue())
                .body("$", not(hasKey("errors")))
                .body("$", not(hasKey("extensions")));
    }

    @Test
    void domainUnauthorizedChallengesForABearerToken() {
        assertProblem(given().get("/test-errors/invalid-credentials").then(),
                ErrorTestResource.TestError.INVALID_CREDENTIALS)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void invalidFieldExceptionListsTheField() {
        assertProblem(given().get("/test-errors/invalid-field").then(), CommonError.VALIDATION_FAILED)
                .body("errors.field", contains("new_password"))
                .body("errors.message", contains("must not contain the username"));
    }
}
