package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Sessions.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A ban or a release revokes the user's sessions when it happens. Should a session still be live,
 * the refresh itself refuses it (401 invalid-token) and revokes it.
 */
@QuarkusTest
class BlockedUserRefreshTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Test
    void bannedUsersLiveSessionCannotRefreshAndIsRevoked() {
        TestUser user = registered();
        JsonPath pair = login(user);
        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'abuse' WHERE username = ?", clock.instant(),
                user.username());

        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");

        assertEquals("banned", revokeReason(pair));
        Api.as(pair.getString("access_token")).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void releasedUsersLiveSessionCannotRefreshAndIsRevoked() {
        TestUser user = registered();
        JsonPath pair = login(user);
        Db.update(dataSource, "UPDATE accounts SET account_status = 'fulfilled'"
                + " WHERE user_id = (SELECT id FROM users WHERE username = ?)", user.username());

        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");

        assertEquals("released", revokeReason(pair));
    }

    @Test
    void anExpiredBanDoesNotStopRefreshing() {
        TestUser user = registered();
        JsonPath pair = login(user);
        Db.update(dataSource, "UPDATE users SET banned_at = ?, banned_until = ? WHERE username = ?",
                clock.instant().minus(Duration.ofDays(2)), clock.instant().minus(Duration.ofDays(1)), user.username());

        refresh(pair.getString("refresh_token")).then().statusCode(200);
    }

    private String revokeReason(JsonPath pair) {
        return (String) Db.single(dataSource, "SELECT revoke_reason FROM sessions WHERE id = ?",
                UUID.fromString(pair.getString("session_id")));
    }
}
