package dev.vigil.pages;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** What every link page must be: HTML with a language, locked-down headers, a way on to the frontend. */
final class LinkPageAssertions {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
    /** vigil.frontend-url is not set in tests, so it is vigil.public-url. */
    static final String FRONTEND_URL = "http://localhost:8080";

    private LinkPageAssertions() {
    }

    static ValidatableResponse assertPage(Response response, int status, String heading) {
        return response.then()
                .statusCode(status)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(CSP))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Cache-Control", equalTo("no-store"))
                .body(startsWith("<!DOCTYPE html>"))
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<h1>" + heading + "</h1>"))
                .body(containsString("<a href=\"" + FRONTEND_URL + "\">"));
    }
}
