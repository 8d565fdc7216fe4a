package dev.vigil.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.restassured.response.Response;

/** Assertions on RFC 9457 problem+json answers as API.md shapes them. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://vigil.dev/problems/";

    private Problems() {
    }

    /** The response is the problem {@code slug} with this status, as problem+json. */
    public static void assertProblem(Response response, int status, String slug) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), () -> "status of " + body);
        String contentType = response.contentType();
        assertNotNull(contentType, "a problem has a content type");
        assertTrue(contentType.startsWith("application/problem+json"), () -> "content type " + contentType + " of " + body);
        assertEquals(TYPE_PREFIX + slug, response.jsonPath().getString("type"), body);
        assertEquals(status, response.jsonPath().getInt("status"), body);
    }

    /** A 401 {@code unauthorized} with the {@code WWW-Authenticate: Bearer} challenge. */
    public static void assertUnauthorized(Response response) {
        assertProblem(response, 401, "unauthorized");
        String challenge = response.header("WWW-Authenticate");
        assertNotNull(challenge, "a 401 carries WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), challenge);
    }

    /** A 400 {@code validation-failed} whose {@code errors} name {@code field}. */
    public static void assertInvalidField(Response response, String field) {
        assertProblem(response, 400, "validation-failed");
        List<String> fields = response.jsonPath().getList("errors.field", String.class);
        assertTrue(fields != null && fields.contains(field), () -> "errors name " + field + ": " + response.asString());
    }
}
