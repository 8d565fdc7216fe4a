package dev.vigil.support;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 problem responses, as the API contract shapes them. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://vigil.dev/problems/";

    private Problems() {
    }

    /**
     * Asserts status, {@code application/problem+json}, the {@code type} slug, the {@code status}
     * member, and that no exception, class or package name shows through. Returns the response
     * for further checks ({@code errors.field}, extra members).
     */
    public static ValidatableResponse assertProblem(Response response, int status, String slug) {
        return problem(response, status)
                .body("type", equalTo(TYPE_PREFIX + slug));
    }

    /** A 401 {@code unauthorized} with the {@code WWW-Authenticate: Bearer} challenge. */
    public static ValidatableResponse assertUnauthorized(Response response) {
        return assertProblem(response, 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    /** A 400 {@code validation-failed} whose {@code errors} name {@code field}. */
    public static ValidatableResponse assertInvalidField(Response response, String field) {
        return assertProblem(response, 400, "validation-failed")
                .body("errors.field", hasItem(field));
    }

    /**
     * A body the server could not take as it is (malformed JSON, a wrong type, an unknown field):
     * The contract allows either {@code validation-failed} or {@code malformed-request}, always 400.
     */
    public static ValidatableResponse assertBadRequest(Response response) {
        return problem(response, 400)
                .body("type", anyOf(equalTo(TYPE_PREFIX + "validation-failed"), equalTo(TYPE_PREFIX + "malformed-request")));
    }

    private static ValidatableResponse problem(Response response, int status) {
        return response.then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body(not(containsString("Exception")))
                .body(not(containsString("dev.vigil")))
                .body(not(containsString("\tat ")));
    }
}
