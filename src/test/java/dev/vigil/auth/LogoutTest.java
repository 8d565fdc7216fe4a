package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.logoutAll;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static io.restassured.RestAssured.given;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class LogoutTest {

    @Test
    void logoutRejectsThatAccessTokenFromTheVeryNextRequest() {
        JsonPath pair = login(registered());
        me(pair.getString("access_token")).then().statusCode(200);

        logout(pair.getString("access_token")).then().statusCode(204);

        assertUnauthorized(me(pair.getString("access_token")));
    }

    @Test
    void logoutKillsThatSessionsRefreshToken() {
        JsonPath pair = login(registered());

        logout(pair.getString("access_token")).then().statusCode(204);

        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");
    }

    @Test
    void loggingOutTwiceWithTheSameTokenIs401() {
        JsonPath pair = login(registered());
        logout(pair.getString("access_token")).then().statusCode(204);

        assertUnauthorized(logout(pair.getString("access_token")));
    }

    @Test
    void logoutLeavesTheUsersOtherSessionsWorking() {
        TestUser user = registered();
        JsonPath phone = login(user);
        JsonPath laptop = login(user);

        logout(phone.getString("access_token")).then().statusCode(204);

        me(laptop.getString("access_token")).then().statusCode(200);
        refresh(laptop.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void logoutAllKillsEverySessionsAccessAndRefreshTokens() {
        TestUser user = registered();
        List<JsonPath> sessions = List.of(login(user), login(user), login(user));

        logoutAll(sessions.get(0).getString("access_token")).then().statusCode(204);

        for (JsonPath session : sessions) {
            assertUnauthorized(me(session.getString("access_token")));
            assertProblem(refresh(session.getString("refresh_token")), 401, "invalid-token");
        }
    }

    @Test
    void logoutAllLeavesOtherUsersAlone() {
        JsonPath mine = login(registered());
        JsonPath someoneElses = login(registered());

        logoutAll(mine.getString("access_token")).then().statusCode(204);

        me(someoneElses.getString("access_token")).then().statusCode(200);
    }

    @Test
    void aLogoutAllBodyThatIsNotCleanJsonIs400AndEndsNothing() {
        JsonPath pair = login(registered());
        String token = pair.getString("access_token");

        for (String body : List.of("{\"include_api_keys\":true,\"include_api_keys\":false}",
                "{\"include_api_keys\":true}bla", "{}{}", "{\"include_api_keys\":true}]")) {
            assertProblem(Api.as(token).contentType("application/json").body(body).post("/api/v1/auth/logout-all"),
                    400, "malformed-request");
        }
        assertProblem(Api.as(token).contentType("application/json").body("{\"include_api_keys\":\"yes\"}")
                .post("/api/v1/auth/logout-all"), 400, "validation-failed");

        me(token).then().statusCode(200);
        refresh(pair.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void logoutWithoutATokenIs401() {
        assertUnauthorized(given().post("/api/v1/auth/logout"));
        assertUnauthorized(given().post("/api/v1/auth/logout-all"));
    }
}
