package dev.vigil.audit;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.refresh;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Every flow that changes credentials, addresses, profile or sessions leaves its event in the user's trail. */
@QuarkusTest
class AuditTrailTest {

    private static final String NEW_PASSWORD = "amber orchard under snow";

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aPasswordChangeIsRecordedWithTheNumberOfSessionsItEnded() {
        TestUser user = registered();
        login(user);
        login(user);
        String token = login(user).getString("access_token");

        as(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password(), "new_password", NEW_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);

        JsonPath event = newest(token, "password.changed");
        assertEquals(2, event.getInt("detail.sessions_revoked"));
        assertEquals("127.0.0.1", event.getString("ip"));
    }

    @Test
    void aPasswordResetIsRecorded() {
        TestUser user = registered();
        given().contentType(ContentType.JSON).body(Map.of("login", user.username()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String resetToken = Mailbox.awaitOne(user.email(), "password").token("/reset-password");
        given().contentType(ContentType.JSON).header("User-Agent", "reset-page/1")
                .body(Map.of("token", resetToken, "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password/reset").then().statusCode(204);

        String token = login(user.username(), NEW_PASSWORD).getString("access_token");

        assertEquals("reset-page/1", newest(token, "password.reset").getString("user_agent"));
    }

    @Test
    void verifyingTheRegisteredAddressIsRecordedAsEmailVerified() {
        TestUser user = registered();
        verify(Mailbox.awaitOne(user.email(), "confirm").token("/verify-email"));

        String token = login(user).getString("access_token");

        newest(token, "email.verified");
        assertFalse(types(token).contains("email.changed"));
    }

    @Test
    void aProfileChangeNamesTheFieldsButNeverTheirValues() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        patch(token, Map.of("display_name", "Ada Quietly", "phone", "+15551234567"));

        JsonPath event = newest(token, "profile.updated");
        assertEquals(List.of("display_name", "phone"), event.getList("detail.fields"));
        String stored = (String) Db.single(dataSource,
                "SELECT CAST(detail AS text) FROM security_events WHERE user_id = CAST(? AS uuid) AND type = 'profile.updated'",
                Sessions.userId(token));
        assertFalse(stored.contains("Ada Quietly") || stored.contains("5551234567"), stored);
    }

    @Test
    void aConfirmedEmailChangeIsRecordedAsEmailChanged() {
        TestUser user = registered();
        String token = login(user).getString("access_token");
        String newEmail = "moved." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        patch(token, Map.of("email", newEmail, "current_password", user.password()));
        verify(Mailbox.awaitOne(newEmail, "confirm").token("/verify-email"));

        assertEquals(List.of("email"), newest(token, "profile.updated").getList("detail.fields"));
        newest(token, "email.changed");
        assertTrue(types(token).indexOf("email.changed") < types(token).indexOf("profile.updated"), "newest first");
    }

    @Test
    void aReusedRefreshTokenIsRecordedEvenThoughTheRefreshFails() {
        TestUser user = registered();
        JsonPath stolen = login(user);
        refresh(stolen.getString("refresh_token")).then().statusCode(200);
        clock.advance(Duration.ofSeconds(11)); // past vigil.tokens.refresh-reuse-grace
        refresh(stolen.getString("refresh_token")).then().statusCode(401);

        String token = login(user).getString("access_token");

        assertEquals(stolen.getString("session_id"), newest(token, "refresh.reused").getString("detail.session_id"));
    }

    @Test
    void aLogoutIsRecordedAsSessionRevoked() {
        TestUser user = registered();
        JsonPath pair = login(user);
        logout(pair.getString("access_token")).then().statusCode(204);

        JsonPath event = newest(login(user).getString("access_token"), "session.revoked");

        assertEquals("logout", event.getString("detail.reason"));
        assertEquals(List.of(pair.getString("session_id")), event.getList("detail.session_ids"));
    }

    @Test
    void aDeletedUsersTrailIsKeptAndEndsWithUserDeleted() {
        TestUser user = registered();
        String token = login(user).getString("access_token");
        String userId = Sessions.userId(token);

        as(token).contentType(ContentType.JSON).body(Map.of("password", user.password()))
                .delete("/api/v1/me").then().statusCode(204);

        List<Map<String, Object>> trail = Db.query(dataSource,
                "SELECT type, CAST(detail AS text) AS detail FROM security_events WHERE user_id = CAST(? AS uuid)"
                        + " ORDER BY at DESC",
                userId);
        assertEquals(List.of("user.deleted", "login.succeeded"), trail.stream().map(row -> row.get("type")).toList());
        assertTrue(((String) trail.get(0).get("detail")).contains("\"sessions_revoked\": 1"), trail.toString());
    }

    private static void verify(String token) {
        given().contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/api/v1/auth/verify-email").then().statusCode(204);
    }

    private static void patch(String token, Map<String, Object> body) {
        as(token).contentType(ContentType.JSON).body(body).patch("/api/v1/me").then().statusCode(200);
    }

    private static List<String> types(String token) {
        return as(token).queryParam("size", 100).get("/api/v1/me/security-events")
                .then().statusCode(200).extract().jsonPath().getList("items.type");
    }

    /** The newest event of this type in the caller's trail. */
    private static JsonPath newest(String token, String type) {
        JsonPath page = as(token).queryParam("size", 100).get("/api/v1/me/security-events")
                .then().statusCode(200).extract().jsonPath();
        List<String> types = page.getList("items.type");
        int index = types.indexOf(type);
        assertTrue(index >= 0, "no " + type + " event in " + types);
        return page.setRootPath("items[" + index + "]");
    }
}
