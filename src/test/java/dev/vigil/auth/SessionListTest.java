package dev.vigil.auth;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.logout;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.refresh;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** GET /api/v1/me/sessions: the caller's live sessions, and which one is theirs. */
@QuarkusTest
class SessionListTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void listsEachLiveSessionWithWhereItCameFromAndMarksTheCurrentOne() {
        TestUser user = registered();
        JsonPath laptop = loginFrom(user, "laptop-browser/1.0");
        JsonPath phone = loginFrom(user, "phone-app/2.0");

        JsonPath page = sessions(laptop).then().statusCode(200)
                .body("total_items", equalTo(2))
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .extract().jsonPath();

        Map<String, Object> mine = byId(page, laptop.getString("session_id"));
        Map<String, Object> other = byId(page, phone.getString("session_id"));
        assertEquals(true, mine.get("current"));
        assertEquals(false, other.get("current"));
        assertEquals("laptop-browser/1.0", mine.get("user_agent"));
        assertEquals("phone-app/2.0", other.get("user_agent"));
        assertEquals("127.0.0.1", mine.get("ip"));
        assertNotNull(Instant.parse((String) mine.get("created_at")));
        assertNotNull(Instant.parse((String) mine.get("last_used_at")));
    }

    @Test
    void aRefreshMovesLastUsedAtButNotCreatedAt() {
        TestUser user = registered();
        JsonPath pair = loginFrom(user, "app");
        Map<String, Object> before = byId(sessions(pair).jsonPath(), pair.getString("session_id"));

        clock.advance(Duration.ofHours(2));
        JsonPath refreshed = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();

        Map<String, Object> after = byId(sessions(refreshed).jsonPath(), pair.getString("session_id"));
        assertEquals(before.get("created_at"), after.get("created_at"));
        assertTrue(Instant.parse((String) after.get("last_used_at"))
                .isAfter(Instant.parse((String) before.get("last_used_at")).plus(Duration.ofMinutes(119))));
    }

    @Test
    void loggedOutAndExpiredSessionsAreNotListed() {
        TestUser user = registered();
        JsonPath old = loginFrom(user, "old");
        JsonPath gone = loginFrom(user, "gone");
        logout(gone.getString("access_token")).then().statusCode(204);

        clock.advance(Duration.ofDays(31));
        JsonPath fresh = loginFrom(user, "fresh");

        JsonPath page = sessions(fresh).then().statusCode(200).body("total_items", equalTo(1)).extract().jsonPath();
        assertEquals(List.of(fresh.getString("session_id")), page.getList("items.id"));
        assertFalse(page.getList("items.id").contains(old.getString("session_id")));
    }

    @Test
    void anotherUsersSessionsAreNeverListed() {
        JsonPath mine = loginFrom(registered(), "mine");
        loginFrom(registered(), "theirs");

        sessions(mine).then().statusCode(200)
                .body("total_items", equalTo(1))
                .body("items[0].id", equalTo(mine.getString("session_id")));
    }

    @Test
    void sessionsArePaged() {
        TestUser user = registered();
        JsonPath pair = loginFrom(user, "a");
        loginFrom(user, "b");
        loginFrom(user, "c");

        as(pair.getString("access_token")).queryParam("page", 1).queryParam("size", 2).get("/api/v1/me/sessions")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("total_items", equalTo(3))
                .body("total_pages", equalTo(2));
        assertInvalidField(as(pair.getString("access_token")).queryParam("size", 0).get("/api/v1/me/sessions"), "size");
    }

    @Test
    void withoutATokenTheListIsClosed() {
        assertUnauthorized(given().get("/api/v1/me/sessions"));
        assertUnauthorized(given().delete("/api/v1/me/sessions/" + UUID.randomUUID()));
    }

    @Test
    void aRefreshNeverTakesASessionPastItsMaximumAge() {
        JsonPath pair = loginFrom(registered(), "long-lived");

        for (int day : List.of(29, 58)) {
            clock.reset();
            clock.advance(Duration.ofDays(day));
            pair = refresh(pair.getString("refresh_token")).then().statusCode(200)
                    .body("refresh_expires_in", equalTo(30 * 86_400))
                    .extract().jsonPath();
        }
        clock.reset();
        clock.advance(Duration.ofDays(87));
        pair = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        long left = pair.getLong("refresh_expires_in");
        assertTrue(left > 3 * 86_400 - 60 && left <= 3 * 86_400, "capped at 90 days after login: " + left);

        clock.reset();
        clock.advance(Duration.ofDays(89));
        pair = refresh(pair.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        me(pair.getString("access_token")).then().statusCode(200);

        clock.reset();
        clock.advance(Duration.ofDays(90).plusMinutes(1));
        assertProblem(refresh(pair.getString("refresh_token")), 401, "invalid-token");
    }

    private static JsonPath loginFrom(TestUser user, String userAgent) {
        return given().contentType(ContentType.JSON).header("User-Agent", userAgent)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static Response sessions(JsonPath pair) {
        return as(pair.getString("access_token")).get("/api/v1/me/sessions");
    }

    private static Map<String, Object> byId(JsonPath page, String id) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream()
                .filter(item -> id.equals(item.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("session " + id + " not listed in " + items));
    }
}
