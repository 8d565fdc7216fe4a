package dev.vigil.user;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class DeleteMeTest {

    @Inject
    DataSource dataSource;

    @Test
    void wrongPasswordIs400WrongPasswordAndTheUserStays() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        assertProblem(delete(token, "not the password at all"), 400, "wrong-password");

        me(token).then().statusCode(200).body("username", equalTo(user.username()));
        given().get("/api/v1/users/" + user.username()).then().statusCode(200);
    }

    @Test
    void missingPasswordIs400AndTheUserStays() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        Response response = Api.as(token).contentType(ContentType.JSON).body(Map.of()).delete("/api/v1/me");

        assertProblem(response, 400, "validation-failed");
        me(token).then().statusCode(200);
    }

    @Test
    void deletingAnswers204AndTheOldTokenIs401Everywhere() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        delete(token, user.password()).then().statusCode(204);

        assertUnauthorized(me(token));
        assertUnauthorized(Api.as(token).contentType(ContentType.JSON).body(Map.of("display_name", "Ghost")).patch("/api/v1/me"));
        assertUnauthorized(logout(token));
        assertUnauthorized(delete(token, user.password()));
    }

    @Test
    void everySessionOfTheDeletedUserDies() {
        TestUser user = registered();
        JsonPath deleting = login(user);
        JsonPath elsewhere = login(user);

        delete(deleting.getString("access_token"), user.password()).then().statusCode(204);

        assertUnauthorized(me(elsewhere.getString("access_token")));
        assertProblem(refresh(deleting.getString("refresh_token")), 401, "invalid-token");
        assertProblem(refresh(elsewhere.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void deletedUserCannotLogIn() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        delete(token, user.password()).then().statusCode(204);

        assertProblem(attemptLogin(user.username(), user.password()), 401, "invalid-credentials");
        assertProblem(attemptLogin(user.email(), user.password()), 401, "invalid-credentials");
    }

    @Test
    void deletedUsersPublicProfileIs404() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        delete(token, user.password()).then().statusCode(204);

        assertProblem(given().get("/api/v1/users/" + user.username()), 404, "not-found");
    }

    @Test
    void theUserTheAccountAndTheSessionsAreGoneFromTheDatabase() {
        TestUser user = registered();
        JsonPath pair = login(user);
        login(user);
        refresh(pair.getString("refresh_token")).then().statusCode(200);
        UUID userId = UUID.fromString(userId(pair.getString("access_token")));
        UUID sessionId = UUID.fromString(pair.getString("session_id"));
        assertEquals(1L, count("SELECT count(*) FROM accounts WHERE user_id = ?", userId));
        assertEquals(1L, count("SELECT count(*) FROM spent_refresh_tokens WHERE session_id = ?", sessionId));
        assertEquals(2L, count("SELECT count(*) FROM sessions WHERE user_id = ?", userId));

        delete(pair.getString("access_token"), user.password()).then().statusCode(204);

        assertEquals(0L, count("SELECT count(*) FROM users WHERE id = ?", userId));
        assertEquals(0L, count("SELECT count(*) FROM accounts WHERE user_id = ?", userId));
        assertEquals(0L, count("SELECT count(*) FROM sessions WHERE user_id = ?", userId));
        assertEquals(0L, count("SELECT count(*) FROM spent_refresh_tokens WHERE session_id = ?", sessionId));
    }

    @Test
    void onlyTheDeletionNoticeIsLeftOfTheUsersMail() {
        TestUser user = registered();
        String token = login(user).getString("access_token");
        UUID userId = UUID.fromString(userId(token));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE user_id = ? AND template = 'verify-email'", userId));

        delete(token, user.password()).then().statusCode(204);

        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE user_id = ?", userId));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE user_id = ? AND template = 'account-deleted'", userId));
    }

    @Test
    void theUsernameAndEmailCanBeRegisteredAgain() {
        TestUser user = registered();
        String token = login(user).getString("access_token");
        String oldId = userId(token);
        delete(token, user.password()).then().statusCode(204);

        TestUser again = new TestUser(user.username(), user.email(), "brand new lantern harbour 9");
        Api.register(again);

        String newId = userId(login(again).getString("access_token"));
        assertNotEquals(oldId, newId);
        given().get("/api/v1/users/" + user.username()).then().statusCode(200).body("username", equalTo(user.username()));
    }

    private long count(String sql, Object... args) {
        return ((Number) Db.single(dataSource, sql, args)).longValue();
    }

    private static Response delete(String accessToken, String password) {
        return Api.as(accessToken).contentType(ContentType.JSON)
                .body(Map.of("password", password))
                .delete("/api/v1/me");
    }

    private static Response attemptLogin(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }
}
