package dev.vigil.common.error;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** Checks that a response is the RFC 9457 problem of a given kind, as every Vigil error must be. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** Status, media type, {@code type} URL, {@code title}, {@code status} member and a {@code detail}. */
    static ValidatableResponse assertProblem(ValidatableResponse response, ErrorCode code) {
        return response
                .statusCode(code.status())
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://vigil.dev/problems/" + code.slug()))
                .body("title", equalTo(code.title()))
                .body("status", equalTo(code.status()))
                .body("detail", not(emptyOrNullString()));
    }
}
