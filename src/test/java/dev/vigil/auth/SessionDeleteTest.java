package dev.vigil.auth;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logoutAll;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** DELETE /api/v1/me/sessions/{id}: ending one session from another, and nobody else's. */
@QuarkusTest
class SessionDeleteTest {

    @Test
    void deletingASessionKillsItsTokensFromTheNextRequest() {
        TestUser user = registered();
        JsonPath laptop = login(user);
        JsonPath stolenPhone = login(user);
        me(stolenPhone.getString("access_token")).then().statusCode(200);

        end(laptop, stolenPhone.getString("session_id")).then().statusCode(204);

        assertUnauthorized(me(stolenPhone.getString("access_token")));
        assertProblem(refresh(stolenPhone.getString("refresh_token")), 401, "invalid-token");
        me(laptop.getString("access_token")).then().statusCode(200);
        as(laptop.getString("access_token")).get("/api/v1/me/sessions").then().statusCode(200)
                .body("total_items", equalTo(1));
    }

    @Test
    void deletingTheCurrentSessionIsALogout() {
        JsonPath pair = login(registered());

        end(pair, pair.getString("session_id")).then().statusCode(204);

        assertUnauthorized(me(pair.getString("access_token")));
    }

    @Test
    void anotherUsersSessionIs404AndStaysAlive() {
        JsonPath victim = login(registered());
        JsonPath attacker = login(registered());

        assertProblem(end(attacker, victim.getString("session_id")), 404, "not-found");

        me(victim.getString("access_token")).then().statusCode(200);
        refresh(victim.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void unknownEndedAndMalformedIdsAre404() {
        TestUser user = registered();
        JsonPath pair = login(user);
        JsonPath other = login(user);
        end(pair, other.getString("session_id")).then().statusCode(204);

        assertProblem(end(pair, other.getString("session_id")), 404, "not-found");
        assertProblem(end(pair, UUID.randomUUID().toString()), 404, "not-found");
        assertProblem(end(pair, "not-a-uuid"), 404, "not-found");
        assertProblem(end(pair, "1%27%20OR%201=1"), 404, "not-found");
    }

    @Test
    void eachRevokingCallRecordsOneSessionRevokedEvent() {
        TestUser user = registered();
        JsonPath first = login(user);
        JsonPath second = login(user);
        login(user);
        end(first, second.getString("session_id")).then().statusCode(204);
        logoutAll(first.getString("access_token")).then().statusCode(204);

        JsonPath events = as(login(user).getString("access_token")).get("/api/v1/me/security-events")
                .then().statusCode(200).extract().jsonPath();

        List<String> types = events.getList("items.type");
        assertEquals(2, types.stream().filter("session.revoked"::equals).count(), types.toString());
        JsonPath all = events.setRootPath("items.find { it.detail.reason == 'logout-all' }");
        assertEquals(2, all.getInt("detail.count"));
        assertEquals(2, all.getList("detail.session_ids").size());
        JsonPath deleted = events.setRootPath("items.find { it.detail.reason == 'session-deleted' }");
        assertEquals(List.of(second.getString("session_id")), deleted.getList("detail.session_ids"));
        assertEquals("127.0.0.1", deleted.getString("ip"));
    }

    private static Response end(JsonPath caller, String sessionId) {
        return as(caller.getString("access_token")).urlEncodingEnabled(false).delete("/api/v1/me/sessions/" + sessionId);
    }
}
