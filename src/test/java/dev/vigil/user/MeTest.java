package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class MeTest {

    private static final Set<String> USER_KEYS = Set.of("id", "username", "email", "pending_email", "email_verified",
            "display_name", "phone", "timezone", "preferred_contact_method", "roles", "referral_code", "mfa_enabled",
            "created_at", "updated_at", "last_login_at", "account");
    private static final Set<String> ACCOUNT_KEYS = Set.of("id", "subscription_type", "subscription_start_date",
            "subscription_end_date", "bill_renew_date", "auto_renewal", "account_status", "account_status_reason",
            "cancellation_date", "cancellation_reason", "created_at", "updated_at");

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void meHasExactlyTheUserAndAccountFieldsOfTheContract() {
        TestUser user = registered();

        JsonPath me = Api.as(accessToken(user)).get("/api/v1/me")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .extract().jsonPath();

        assertEquals(USER_KEYS, me.getMap("").keySet());
        assertEquals(ACCOUNT_KEYS, me.getMap("account").keySet());
    }

    @Test
    void newUserIsAPlainUserWithDefaults() {
        TestUser user = registered();

        JsonPath me = Api.as(accessToken(user)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();

        assertEquals(user.username(), me.getString("username"));
        assertEquals(user.email(), me.getString("email"));
        assertEquals(List.of("user"), me.getList("roles"));
        assertEquals(false, me.getBoolean("mfa_enabled"));
        assertEquals(false, me.getBoolean("email_verified"));
        assertEquals("UTC", me.getString("timezone"));
        assertEquals("email", me.getString("preferred_contact_method"));
        assertEquals("free", me.getString("account.subscription_type"));
        assertEquals("active", me.getString("account.account_status"));
        assertTrue(me.getString("id").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), me.getString("id"));
    }

    @Test
    void timestampsAreUtcInstants() {
        TestUser user = registered();
        Instant beforeLogin = clock.instant().minusSeconds(1);

        JsonPath me = Api.as(accessToken(user)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();

        for (String field : List.of("created_at", "updated_at", "last_login_at", "account.created_at",
                "account.updated_at", "account.subscription_start_date")) {
            String value = me.getString(field);
            assertTrue(value != null && value.endsWith("Z"), field + " = " + value);
            Instant.parse(value);
        }
        assertFalse(Instant.parse(me.getString("last_login_at")).isBefore(beforeLogin), "the login just made is recorded");
        for (String field : List.of("subscription_end_date", "bill_renew_date", "cancellation_date")) {
            String value = me.getString("account." + field);
            assertTrue(value == null || value.endsWith("Z") && Instant.parse(value) != null, field + " = " + value);
        }
    }

    @Test
    void noPasswordOrHashEverShows() {
        TestUser user = registered();

        String body = Api.as(accessToken(user)).get("/api/v1/me").then().statusCode(200).extract().asString();

        String lower = body.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("password"), body);
        assertFalse(lower.contains("hash"), body);
        assertFalse(body.contains("$argon2"), body);
        assertFalse(body.contains(user.password()), body);
    }

    @Test
    void withoutATokenIs401WithABearerChallenge() {
        assertUnauthorized(given().get("/api/v1/me"));
    }

    @Test
    void garbageTokenIs401() {
        assertUnauthorized(Api.as("not.a.token").get("/api/v1/me"));
        assertUnauthorized(given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/me"));
    }

    @Test
    void tokenInTheQueryStringIsIgnored() {
        String token = accessToken(registered());

        assertUnauthorized(given().queryParam("access_token", token).get("/api/v1/me"));
        assertUnauthorized(given().queryParam("token", token).get("/api/v1/me"));
    }

    @Test
    void expiredAccessTokenIs401() {
        String token = accessToken(registered());
        Api.as(token).get("/api/v1/me").then().statusCode(200);

        clock.advance(Duration.ofMinutes(11));

        assertUnauthorized(Api.as(token).get("/api/v1/me"));
    }

    private static void assertUnauthorized(Response response) {
        assertProblem(response, 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }
}
