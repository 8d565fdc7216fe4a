package dev.vigil.user;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
class PasswordChangeTest {

    private static final String NEW_PASSWORD = "quiet meadow compass 77";

    @Inject
    DataSource dataSource;

    @Test
    void wrongCurrentPasswordIs400WrongPasswordAndChangesNothing() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        assertProblem(change(token, "not the password at all", NEW_PASSWORD), 400, "wrong-password");

        login(user);
        attemptLogin(user.username(), NEW_PASSWORD).then().statusCode(401);
    }

    @Test
    void tooShortNewPasswordIs400OnNewPassword() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        assertInvalidField(change(token, user.password(), "short pw"), "new_password");

        login(user);
    }

    @Test
    void commonNewPasswordIs400OnNewPassword() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        assertInvalidField(change(token, user.password(), "1QAZ2WSX3EDC"), "new_password");

        login(user);
    }

    @Test
    void missingFieldsAre400() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        Response response = Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password()))
                .post("/api/v1/me/password");

        assertInvalidField(response, "new_password");
    }

    @Test
    void changingThePasswordAnswers204AndEndsEveryOtherSession() {
        TestUser user = registered();
        JsonPath current = login(user);
        JsonPath other = login(user);

        change(current.getString("access_token"), user.password(), NEW_PASSWORD).then().statusCode(204);

        assertUnauthorized(me(other.getString("access_token")));
        assertProblem(refresh(other.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void theSessionThatChangedThePasswordKeepsWorking() {
        TestUser user = registered();
        JsonPath current = login(user);

        change(current.getString("access_token"), user.password(), NEW_PASSWORD).then().statusCode(204);

        me(current.getString("access_token")).then().statusCode(200);
        JsonPath refreshed = refresh(current.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        me(refreshed.getString("access_token")).then().statusCode(200);
    }

    @Test
    void onlyTheNewPasswordLogsInAfterwards() {
        TestUser user = registered();
        String token = login(user).getString("access_token");

        change(token, user.password(), NEW_PASSWORD).then().statusCode(204);

        login(user.username(), NEW_PASSWORD);
        assertProblem(attemptLogin(user.username(), user.password()), 401, "invalid-credentials");
    }

    @Test
    void theUserIsToldByMail() {
        TestUser user = registered();
        String token = login(user).getString("access_token");
        UUID userId = UUID.fromString(userId(token));

        change(token, user.password(), NEW_PASSWORD).then().statusCode(204);

        List<Map<String, Object>> mails = Db.query(dataSource,
                "SELECT recipient FROM outbox WHERE user_id = ? AND template = 'password-changed'", userId);
        assertEquals(1, mails.size());
        assertTrue(user.email().equalsIgnoreCase((String) mails.get(0).get("recipient")));
    }

    private static Response change(String accessToken, String currentPassword, String newPassword) {
        return Api.as(accessToken).contentType(ContentType.JSON)
                .body(Map.of("current_password", currentPassword, "new_password", newPassword))
                .post("/api/v1/me/password");
    }

    private static Response attemptLogin(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }
}
