package dev.vigil.quota;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.userId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Per-tier quotas with small limits: free 5 an hour and 8 a day, premium 50 and 80. The scheduled
 * flush is an hour apart, so each test flushes when it means to.
 */
@QuarkusTest
@TestProfile(QuotaTest.SmallQuotas.class)
class QuotaTest {

    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.quota.enabled", "true",
                    "vigil.quota.flush-every", "1h",
                    "vigil.quota.free.per-hour", "5",
                    "vigil.quota.free.per-day", "8",
                    "vigil.quota.premium.per-hour", "50",
                    "vigil.quota.premium.per-day", "80");
        }
    }

    @Inject
    QuotaCounters counters;

    @Inject
    QuotaRepository repository;

    @Inject
    QuotaConfig config;

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void authenticatedResponsesCarryTheRateLimitHeaders() {
        String token = accessToken(verified());

        Response response = me(token);

        response.then().statusCode(200)
                .header(QuotaFilter.LIMIT, "5")
                .header(QuotaFilter.REMAINING, "4");
        long reset = Long.parseLong(response.header(QuotaFilter.RESET));
        assertTrue(reset > 0 && reset <= 3600, "resets within the hour: " + reset);
    }

    @Test
    void exhaustedHourlyQuotaIs429WithRetryAfterWhilePublicEndpointsStayOpen() {
        TestUser user = verified();
        String token = accessToken(user);
        for (int i = 0; i < 5; i++) {
            me(token).then().statusCode(200);
        }

        Response refused = me(token);

        assertProblem(refused, 429, "rate-limited")
                .header(QuotaFilter.REMAINING, "0")
                .header("Retry-After", refused.header(QuotaFilter.RESET));
        assertEquals(Long.parseLong(refused.header("Retry-After")), refused.jsonPath().getLong("retry_after"));
        given().contentType(ContentType.JSON).body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(200).header(QuotaFilter.LIMIT, nullValue());
        given().get("/.well-known/jwks.json").then().statusCode(200).header(QuotaFilter.LIMIT, nullValue());
    }

    @Test
    void apiKeysAndAccessTokensShareTheOwnersQuota() {
        String token = accessToken(verified());
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "k"))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");

        me(key).then().statusCode(200).header(QuotaFilter.REMAINING, "3");
        me(token).then().statusCode(200).header(QuotaFilter.REMAINING, "2");
    }

    @Test
    void theTierOfTheTokenOrTheKeyOwnerSetsTheLimit() {
        TestUser user = verified();
        Db.update(dataSource, "UPDATE accounts SET subscription_type = 'premium'"
                + " WHERE user_id = (SELECT id FROM users WHERE username = ?)", user.username());
        String token = accessToken(user);
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "k"))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");

        me(token).then().statusCode(200).header(QuotaFilter.LIMIT, "50");
        me(key).then().statusCode(200).header(QuotaFilter.LIMIT, "50");
    }

    @Test
    void aNewHourRestoresTheHourlyQuotaButNotTheDailyOne() {
        clock.advance(untilNextHourPlus(Duration.ofMinutes(1)));
        String token = accessToken(verified());
        // A key, since the access token would expire while the clock moves on.
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "k"))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");
        // Creating the key was the first counted request of the hour.
        for (int i = 0; i < 4; i++) {
            me(key).then().statusCode(200);
        }
        assertProblem(me(key), 429, "rate-limited").header(QuotaFilter.LIMIT, "5");

        clock.advance(Duration.ofHours(1));
        if (clock.instant().getEpochSecond() % QuotaCounters.DAY < QuotaCounters.HOUR) {
            return; // crossed midnight UTC as well: the day window started over, nothing left to show
        }
        for (int i = 0; i < 3; i++) {
            me(key).then().statusCode(200);
        }

        assertProblem(me(key), 429, "rate-limited").header(QuotaFilter.LIMIT, "8");
    }

    @Test
    void twoInstancesFlushingToOneDatabaseEnforceTheCombinedCount() {
        String token = accessToken(verified());
        UUID user = UUID.fromString(userId(token));
        // userId() made one counted request; two more here make three on this instance.
        me(token).then().statusCode(200);
        me(token).then().statusCode(200);
        QuotaCounters other = new QuotaCounters(repository, config, clock);
        assertTrue(other.consume(user, "free").allowed());
        assertTrue(other.consume(user, "free").allowed());

        other.flush().await().atMost(Duration.ofSeconds(10));
        counters.flush().await().atMost(Duration.ofSeconds(10));
        other.flush().await().atMost(Duration.ofSeconds(10));

        assertProblem(me(token), 429, "rate-limited");
        assertFalse(other.consume(user, "free").allowed(), "the other instance learned this one's count");
        Object stored = Db.single(dataSource, "SELECT requests FROM quota_counters WHERE subject_id = ? AND window_seconds = 3600",
                user);
        assertEquals(5L, ((Number) stored).longValue());
    }

    @Test
    void aFlushKeepsCountingWhatItDidNotStore() {
        UUID user = UUID.randomUUID();
        QuotaCounters one = new QuotaCounters(repository, config, clock);
        QuotaCounters two = new QuotaCounters(repository, config, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(one.consume(user, "free").allowed());
        }
        one.flush().await().atMost(Duration.ofSeconds(10));
        two.consume(user, "free");
        two.flush().await().atMost(Duration.ofSeconds(10));

        QuotaDecision next = two.consume(user, "free");

        assertTrue(next.allowed());
        assertEquals(0, next.remaining(), "3 here + 1 + this one there = 5 of 5");
        assertFalse(two.consume(user, "free").allowed());
    }

    private Duration untilNextHourPlus(Duration extra) {
        long now = clock.instant().getEpochSecond();
        return Duration.ofSeconds(QuotaCounters.HOUR - Math.floorMod(now, QuotaCounters.HOUR)).plus(extra);
    }
}
