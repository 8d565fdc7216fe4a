package dev.vigil.common.error;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The input rules for JSON bodies, enforced once for every endpoint: a duplicated key or anything
 * after the JSON value is 400 {@code malformed-request}; a control character in a string is 400
 * {@code validation-failed} naming the field, except tab, CR and LF in free text; a body without a
 * {@code Content-Type} is 415.
 */
@QuarkusTest
class JsonInputRulesTest {

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/v1/auth/password/forgot")
    URI forgotPassword;

    @Test
    void duplicatedKeyIsMalformedRequest() {
        assertProblem(login("{\"login\":\"a\",\"password\":\"x\",\"password\":\"y\"}"), 400, "malformed-request")
                .body("detail", equalTo("An object in the request body has the same member twice"));
    }

    @Test
    void duplicatedKeyInAJsonTreeBodyIsMalformedRequest() {
        assertProblem(as(Api.accessToken(Api.registered())).contentType(ContentType.JSON)
                .body("{\"display_name\":\"A\",\"display_name\":\"B\"}").patch("/api/v1/me"), 400, "malformed-request");
    }

    @Test
    void secondJsonValueAfterTheBodyIsMalformedRequest() {
        assertProblem(login("{\"login\":\"a\",\"password\":\"x\"}{}"), 400, "malformed-request")
                .body("detail", equalTo("The request body has more after the JSON value"));
    }

    @Test
    void textAfterTheBodyIsMalformedRequest() {
        TestUser admin = admin();
        String email = "invitee-" + UUID.randomUUID() + "@example.org";
        assertProblem(as(Api.accessToken(admin)).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\"}bla").post("/api/v1/admin/invites"), 400, "malformed-request");
        assertEquals(0, Db.query(dataSource, "SELECT id FROM invites WHERE email = ?", email).size(), "no invitation");
    }

    @Test
    void nulInAStringFieldNamesTheField() {
        assertInvalidField(login("{\"login\":\"a\\u0000b\",\"password\":\"x\"}"), "login")
                .body("errors.message", contains("must not contain control characters"));
    }

    @Test
    void everyControlCharacterIsRefusedInAPlainField() {
        for (String control : new String[] { "\\u0001", "\\u001b", "\\u001f", "\\u007f", "\\t", "\\n", "\\r" }) {
            assertInvalidField(login("{\"login\":\"a" + control + "b\",\"password\":\"x\"}"), "login");
        }
    }

    @Test
    void controlCharacterInAListElementNamesTheElement() {
        assertInvalidField(as(Api.accessToken(admin())).contentType(ContentType.JSON)
                .body("{\"name\":\"k\",\"scopes\":[\"credentials\",\"a\\u0000\"]}").post("/api/v1/me/api-keys"), "scopes[1]");
    }

    @Test
    void freeTextTakesLineBreaksAndTabsButNoOtherControlCharacter() {
        String token = Api.accessToken(admin());
        String target = userId(Api.registered());
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"reason\":\"first line\\r\\nsecond\\tline\"}")
                .post("/api/v1/admin/users/" + target + "/ban")
                .then().statusCode(204);
        assertInvalidField(as(token).contentType(ContentType.JSON).body("{\"reason\":\"spam\\u0000\"}")
                .post("/api/v1/admin/users/" + target + "/ban"), "reason")
                .body("errors.message", contains("must not contain control characters other than tab, CR and LF"));
    }

    @Test
    void jsonTreeBodyChecksEveryMemberAndKnowsItsFreeText() {
        String token = Api.accessToken(Api.registered());
        as(token).contentType(ContentType.JSON).body("{\"account\":{\"account_status_reason\":\"away\\nfor a while\"}}")
                .patch("/api/v1/me")
                .then().statusCode(200)
                .body("account.account_status_reason", equalTo("away\nfor a while"));
        assertInvalidField(as(token).contentType(ContentType.JSON)
                .body("{\"account\":{\"cancellation_reason\":\"a\\u0000\"}}").patch("/api/v1/me"), "account.cancellation_reason");
        assertInvalidField(as(token).contentType(ContentType.JSON).body("{\"display_name\":\"Ada\\nLovelace\"}")
                .patch("/api/v1/me"), "display_name");
    }

    @Test
    void bodyWithoutContentTypeIsUnsupportedMediaType() throws Exception {
        // HttpClient sends no Content-Type unless told to (REST Assured would add one).
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(forgotPassword)
                .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"someone\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains("https://vigil.dev/problems/unsupported-media-type"), response.body());
    }

    @Test
    void requestWithoutABodyNeedsNoContentType() {
        String token = Api.accessToken(Api.registered());
        as(token).post("/api/v1/auth/logout").then().statusCode(204);
    }

    private static Response login(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/login");
    }

    private TestUser admin() {
        TestUser admin = Api.registered();
        Db.update(dataSource, "UPDATE users SET roles = ?, email_verified = true WHERE username = ?", "user,admin",
                admin.username());
        return admin;
    }

    private String userId(TestUser user) {
        return Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username()).toString();
    }
}
