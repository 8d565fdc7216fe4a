package dev.vigil.apikey;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Eventually.eventually;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static dev.vigil.support.Sessions.userId;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class ApiKeysTest {

    private static final String KEYS = "/api/v1/me/api-keys";

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    ApiKeyCache cache;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void createdKeyIsShownOnceStoredHashedAndListedWithoutIt() throws Exception {
        String token = accessToken(verified());

        JsonPath created = create(token, Map.of("name", "backup script")).then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("name", equalTo("backup script"))
                .body("created_at", notNullValue())
                .body("expires_at", nullValue())
                .extract().jsonPath();
        String key = created.getString("key");
        String prefix = created.getString("prefix");
        assertTrue(key.startsWith(prefix), "the key starts with its prefix");
        assertTrue(prefix.startsWith("vgl_"));
        assertTrue(key.length() >= prefix.length() + 43, "at least 256 random bits follow the prefix");

        as(token).get(KEYS).then()
                .statusCode(200)
                .body("total_items", equalTo(1))
                .body("items[0].id", equalTo(created.getString("id")))
                .body("items[0].prefix", equalTo(prefix))
                .body("items[0].last_used_at", nullValue())
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("key")))
                .body(not(org.hamcrest.Matchers.containsString(key)));

        byte[] stored = (byte[]) Db.single(dataSource, "SELECT key_hash FROM api_keys WHERE id = ?",
                UUID.fromString(created.getString("id")));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)), stored);
    }

    @Test
    void keyAuthenticatesAsItsOwnerAndItsUseIsRecordedInBatches() {
        String token = accessToken(verified());
        String key = newKey(token, Map.of("name", "ci"));

        me(key).then().statusCode(200).body("id", equalTo(userId(token)));
        as(token).get(KEYS).then().body("items[0].last_used_at", nullValue());

        cache.flushLastUses().await().atMost(Duration.ofSeconds(10));

        as(token).get(KEYS).then().body("items[0].last_used_at", notNullValue());
    }

    @Test
    void deletedKeyIsRefusedFromTheNextRequestAndBothEventsAreRecorded() {
        String token = accessToken(verified());
        JsonPath created = create(token, Map.of("name", "temporary")).then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        me(key).then().statusCode(200);

        as(token).delete(KEYS + "/" + created.getString("id")).then().statusCode(204);

        assertUnauthorized(me(key));
        as(token).get(KEYS).then().body("total_items", equalTo(0));
        as(token).get("/api/v1/me/security-events").then()
                .statusCode(200)
                .body("items.type", hasItems("apikey.created", "apikey.revoked"))
                .body(not(org.hamcrest.Matchers.containsString(key)));
    }

    @Test
    void anotherUsersKeyIsNotFoundAndKeepsWorking() {
        String owner = accessToken(verified());
        String intruder = accessToken(verified());
        JsonPath created = create(owner, Map.of("name", "mine")).then().statusCode(201).extract().jsonPath();

        assertProblem(as(intruder).delete(KEYS + "/" + created.getString("id")), 404, "not-found");
        assertProblem(as(owner).delete(KEYS + "/" + UUID.randomUUID()), 404, "not-found");

        me(created.getString("key")).then().statusCode(200);
        as(intruder).get(KEYS).then().body("total_items", equalTo(0));
    }

    @Test
    void expiredKeyIsRefused() {
        String token = accessToken(verified());
        String key = newKey(token, Map.of("name", "short-lived", "expires_at", clock.instant().plus(Duration.ofHours(1)).toString()));
        me(key).then().statusCode(200);

        clock.advance(Duration.ofHours(2));

        assertUnauthorized(me(key));
    }

    @Test
    void malformedOrWrongKeysAre401() {
        String token = accessToken(verified());
        String key = newKey(token, Map.of("name", "real"));
        String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertUnauthorized(me(wrongSecret));
        assertUnauthorized(me("vgl_nothing"));
        assertUnauthorized(me("vgl_abcdefgh_" + "A".repeat(43)));
    }

    @Test
    void badRequestsNameTheirFields() {
        String token = accessToken(verified());

        assertInvalidField(create(token, Map.of("name", " ")), "name");
        assertInvalidField(create(token, Map.of("name", "x", "scopes", List.of("everything"))), "scopes");
        assertInvalidField(create(token, Map.of("name", "x", "expires_at", "2001-01-01T00:00:00Z")), "expires_at");
        assertProblem(as(token).get(KEYS + "?size=101"), 400, "validation-failed");
        as(token).get(KEYS).then().body("total_items", equalTo(0));
    }

    @Test
    void unscopedKeyCannotChangeCredentials() {
        TestUser user = verified();
        String token = accessToken(user);
        String key = newKey(token, Map.of("name", "read only"));

        assertProblem(as(key).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password(), "new_password", "a completely new secret 9"))
                .post("/api/v1/me/password"), 403, "forbidden");
        assertProblem(as(key).contentType(ContentType.JSON).body(Map.of("password", user.password()))
                .delete("/api/v1/me"), 403, "forbidden");
        assertProblem(as(key).contentType(ContentType.JSON)
                .body(Map.of("email", "elsewhere@example.org", "current_password", user.password()))
                .patch("/api/v1/me"), 403, "forbidden");
        assertProblem(create(key, Map.of("name", "another")), 403, "forbidden");
        assertProblem(as(key).post("/api/v1/auth/logout"), 403, "forbidden");
        assertProblem(as(key).post("/api/v1/auth/logout-all"), 403, "forbidden");
        assertProblem(as(key).post("/api/v1/me/mfa/totp"), 403, "forbidden");
        assertProblem(as(key).contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .post("/api/v1/me/mfa/totp/confirm"), 403, "forbidden");
        assertProblem(as(key).contentType(ContentType.JSON).body(Map.of("password", user.password()))
                .delete("/api/v1/me/mfa/totp"), 403, "forbidden");

        as(key).contentType(ContentType.JSON).body(Map.of("display_name", "Still Me"))
                .patch("/api/v1/me").then().statusCode(200).body("display_name", equalTo("Still Me"));
        me(token).then().statusCode(200).body("email", equalTo(user.email()));
        as(token).get(KEYS).then().body("total_items", equalTo(1));
    }

    @Test
    void credentialsScopedKeyMayChangeCredentials() {
        TestUser user = verified();
        String token = accessToken(user);
        String key = newKey(token, Map.of("name", "automation", "scopes", List.of("credentials")));

        create(key, Map.of("name", "made by a key")).then().statusCode(201);
        as(key).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password(), "new_password", "a completely new secret 9"))
                .post("/api/v1/me/password").then().statusCode(204);

        assertUnauthorized(me(token));
        me(key).then().statusCode(200);
    }

    @Test
    void keysReachAdminEndpointsOnlyWhenScopedSoAndTheOwnerIsAdmin() {
        TestUser admin = verified();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", admin.username());
        String adminToken = accessToken(admin);
        String plain = newKey(adminToken, Map.of("name", "plain"));
        String scoped = newKey(adminToken, Map.of("name", "admin tools", "scopes", List.of("admin")));
        String memberToken = accessToken(verified());
        String memberScoped = newKey(memberToken, Map.of("name", "wishful", "scopes", List.of("admin")));

        as(adminToken).get("/api/v1/admin/service-keys").then().statusCode(200);
        assertProblem(as(plain).get("/api/v1/admin/service-keys"), 403, "forbidden");
        as(scoped).get("/api/v1/admin/service-keys").then().statusCode(200);
        assertProblem(as(memberScoped).get("/api/v1/admin/service-keys"), 403, "forbidden");
        assertProblem(as(plain).get("/api/v1/admin/users"), 403, "forbidden");
        as(scoped).get("/api/v1/admin/users").then().statusCode(200);
        assertProblem(as(memberScoped).get("/api/v1/admin/users"), 403, "forbidden");

        Db.update(dataSource, "UPDATE users SET roles = 'user' WHERE username = ?", admin.username());
        eventually("the demoted admin's key loses the role",
                () -> as(scoped).get("/api/v1/admin/service-keys").statusCode() == 403);
    }

    @Test
    void keysOfBannedReleasedOrDeletedOwnersStopWorking() {
        TestUser banned = verified();
        String bannedKey = newKey(accessToken(banned), Map.of("name", "k"));
        TestUser released = verified();
        String releasedKey = newKey(accessToken(released), Map.of("name", "k"));
        TestUser deleted = verified();
        String deletedToken = accessToken(deleted);
        String deletedKey = newKey(deletedToken, Map.of("name", "k"));
        me(bannedKey).then().statusCode(200);
        me(releasedKey).then().statusCode(200);
        me(deletedKey).then().statusCode(200);

        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'test' WHERE username = ?", clock.instant(),
                banned.username());
        Db.update(dataSource, "UPDATE accounts SET account_status = 'fulfilled'"
                + " WHERE user_id = (SELECT id FROM users WHERE username = ?)", released.username());
        as(deletedToken).contentType(ContentType.JSON).body(Map.of("password", deleted.password()))
                .delete("/api/v1/me").then().statusCode(204);

        eventually("the banned owner's key is refused", () -> me(bannedKey).statusCode() == 401);
        eventually("the released owner's key is refused", () -> me(releasedKey).statusCode() == 401);
        assertUnauthorized(me(deletedKey));

        Db.update(dataSource, "UPDATE users SET banned_at = NULL, ban_reason = NULL WHERE username = ?", banned.username());
        eventually("the unbanned owner's key works again", () -> me(bannedKey).statusCode() == 200);
    }

    @Test
    void serviceKeysAreAdminMadePrincipalsOfTheirOwn() {
        TestUser admin = verified();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", admin.username());
        String adminToken = accessToken(admin);
        String memberToken = accessToken(verified());

        assertProblem(as(memberToken).contentType(ContentType.JSON).body(Map.of("name", "nope"))
                .post("/api/v1/admin/service-keys"), 403, "forbidden");
        JsonPath created = as(adminToken).contentType(ContentType.JSON).body(Map.of("name", "billing service"))
                .post("/api/v1/admin/service-keys").then()
                .statusCode(201)
                .extract().jsonPath();
        String key = created.getString("key");
        assertTrue(key.startsWith(created.getString("prefix")));
        as(adminToken).get("/api/v1/admin/service-keys?size=100").then()
                .body("items.id", hasItems(created.getString("id")));

        // Authenticated (not 401), but a service acts for no person: no /me.
        assertProblem(me(key), 403, "forbidden");
        assertProblem(as(key).get("/api/v1/admin/service-keys"), 403, "forbidden");
        Object owner = Db.single(dataSource, "SELECT user_id FROM api_keys WHERE id = ?", UUID.fromString(created.getString("id")));
        assertEquals(null, owner);

        as(adminToken).delete("/api/v1/admin/service-keys/" + created.getString("id")).then().statusCode(204);
        assertUnauthorized(me(key));
    }

    @Test
    void aUserHoldsAtMostTheConfiguredNumberOfKeys() {
        String token = accessToken(verified());
        for (int i = 0; i < 20; i++) {
            create(token, Map.of("name", "key " + i)).then().statusCode(201);
        }

        assertProblem(create(token, Map.of("name", "one too many")), 409, "limit-reached");
        as(token).get(KEYS).then().body("total_items", equalTo(20));
    }

    @Test
    void revocationReachesTheCacheEvenWhenMadeElsewhere() {
        String token = accessToken(verified());
        JsonPath created = create(token, Map.of("name", "cached")).then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        me(key).then().statusCode(200);
        assertTrue(cache.isListening());

        // Another instance revoking: only the database trigger's announcement can tell this one.
        Db.update(dataSource, "DELETE FROM api_keys WHERE id = ?", UUID.fromString(created.getString("id")));

        eventually("the key deleted elsewhere is refused", () -> me(key).statusCode() == 401);
        assertFalse(me(key).statusCode() == 200);
    }

    private static Response create(String credential, Map<String, Object> body) {
        return as(credential).contentType(ContentType.JSON).body(body).post(KEYS);
    }

    private static String newKey(String token, Map<String, Object> body) {
        return create(token, body).then().statusCode(201).extract().path("key");
    }
}
