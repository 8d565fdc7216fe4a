package dev.vigil.auth;

import static dev.vigil.auth.PasskeyFlows.add;
import static dev.vigil.auth.PasskeyFlows.register;
import static dev.vigil.auth.PasskeyFlows.registrationOptions;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Adding, listing and removing passkeys: the creation options, an attestation that must verify
 * against this relying party and a live challenge of the caller, and the guard on the last passkey.
 */
@QuarkusTest
class PasskeyRegistrationTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aVerifiedUserAddsAPasskeyAndSeesItListed() {
        TestUser owner = verified();
        String access = accessToken(owner);
        JsonPath options = registrationOptions(access);
        assertEquals(SoftwareAuthenticator.RP_ID, options.getString("rp.id"));
        assertEquals(owner.username(), options.getString("user.name"));
        assertEquals(List.of(), options.getList("exclude_credentials"));
        assertEquals(-7, options.getInt("pub_key_cred_params[0].alg"));
        assertEquals("required", options.getString("authenticator_selection.user_verification"));
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

        String id = add(access, options.getString("challenge_id"), "Work laptop",
                authenticator.register(options.getString("challenge"), options.getString("user.id")))
                .then().statusCode(201)
                .body("name", equalTo("Work laptop"))
                .body("created_at", notNullValue())
                .extract().path("id");

        as(access).get("/api/v1/me/passkeys").then().statusCode(200)
                .body("total_items", equalTo(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].name", equalTo("Work laptop"))
                .body("items[0].last_used_at", nullValue());
        assertEquals(List.of(authenticator.credentialId()),
                registrationOptions(access).getList("exclude_credentials.id"), "the next options exclude it");
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = 'passkey.added'", owner.username()));
    }

    @Test
    void anUnverifiedUserMayNotAddPasskeys() {
        TestUser owner = Api.registered();

        assertProblem(as(accessToken(owner)).post("/api/v1/me/passkeys/options"), 403, "verification-required");
    }

    @Test
    void anAttestationForAnotherOriginIsRefused() {
        String access = accessToken(verified());
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        authenticator.origin = "https://evil.example";

        assertProblem(answer(access, authenticator), 400, "invalid-code");
        as(access).get("/api/v1/me/passkeys").then().body("items", hasSize(0));
    }

    @Test
    void anAttestationForAnotherRelyingPartyIsRefused() {
        String access = accessToken(verified());
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        authenticator.rpId = "evil.example";

        assertProblem(answer(access, authenticator), 400, "invalid-code");
    }

    @Test
    void withoutUserVerificationThePasskeyIsRefused() {
        String access = accessToken(verified());
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        authenticator.userVerified = false;

        assertProblem(answer(access, authenticator), 400, "invalid-code");
    }

    @Test
    void aChallengeAnswersOnceAndExpires() {
        String access = accessToken(verified());
        JsonPath options = registrationOptions(access);
        Map<String, Object> credential = new SoftwareAuthenticator()
                .register(options.getString("challenge"), options.getString("user.id"));
        add(access, options.getString("challenge_id"), "One", credential).then().statusCode(201);

        assertProblem(add(access, options.getString("challenge_id"), "Again", credential), 400, "invalid-code");

        JsonPath late = registrationOptions(access);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertProblem(add(access, late.getString("challenge_id"), "Late", new SoftwareAuthenticator()
                .register(late.getString("challenge"), late.getString("user.id"))), 400, "invalid-code");
    }

    @Test
    void anotherUsersChallengeIsRefused() {
        String mine = accessToken(verified());
        String theirs = accessToken(verified());
        JsonPath options = registrationOptions(theirs);

        assertProblem(add(mine, options.getString("challenge_id"), "Stolen", new SoftwareAuthenticator()
                .register(options.getString("challenge"), options.getString("user.id"))), 400, "invalid-code");
    }

    @Test
    void theSamePasskeyCannotBeRegisteredTwice() {
        String access = accessToken(verified());
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        register(access, authenticator);

        assertProblem(answer(access, authenticator), 400, "invalid-code");
    }

    @Test
    void unreadableCredentialsAreValidationErrors() {
        String access = accessToken(verified());
        String challengeId = registrationOptions(access).getString("challenge_id");

        assertInvalidField(add(access, challengeId, "x", Map.of("id", "AAAA", "response", Map.of("clientDataJSON", "%%%"))),
                "credential");
        assertInvalidField(add(access, challengeId, "x", Map.of("id", "a\u0000b")), "credential.id");
        assertInvalidField(as(access).contentType(ContentType.JSON)
                .body(Map.of("challenge_id", challengeId, "name", "x", "credential", "not an object"))
                .post("/api/v1/me/passkeys"), "credential");
    }

    @Test
    void removingAPasskeyTakesItOffTheList() {
        TestUser owner = verified();
        String access = accessToken(owner);
        String id = register(access, new SoftwareAuthenticator());

        as(access).delete("/api/v1/me/passkeys/" + id).then().statusCode(204);

        as(access).get("/api/v1/me/passkeys").then().body("items", hasSize(0));
        assertProblem(as(access).delete("/api/v1/me/passkeys/" + id), 404, "not-found");
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = 'passkey.removed'", owner.username()));
    }

    @Test
    void someoneElsesPasskeyIsNotFound() {
        String owner = accessToken(verified());
        String stranger = accessToken(verified());
        String id = register(owner, new SoftwareAuthenticator());

        assertProblem(as(stranger).delete("/api/v1/me/passkeys/" + id), 404, "not-found");
        assertProblem(as(stranger).delete("/api/v1/me/passkeys/not-a-uuid"), 404, "not-found");
        as(owner).get("/api/v1/me/passkeys").then().body("items", hasSize(1));
    }

    /**
     * Every account has a password today (registration requires one), so the guard is reached by
     * taking the password away in the database, as a future passwordless sign-up would leave it.
     */
    @Test
    void theLastPasskeyOfAUserWithoutAPasswordStays() {
        TestUser owner = verified();
        String access = accessToken(owner);
        String first = register(access, new SoftwareAuthenticator());
        String second = register(access, new SoftwareAuthenticator());
        Db.update(dataSource, "ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL");
        try {
            Db.update(dataSource, "UPDATE users SET password_hash = NULL WHERE username = ?", owner.username());

            as(access).delete("/api/v1/me/passkeys/" + first).then().statusCode(204);
            assertProblem(as(access).delete("/api/v1/me/passkeys/" + second), 409, "invalid-state-transition");
            as(access).get("/api/v1/me/passkeys").then().body("items", hasSize(1));
        } finally {
            Db.update(dataSource, "UPDATE users SET password_hash = 'x' WHERE password_hash IS NULL");
            Db.update(dataSource, "ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL");
        }
    }

    @Test
    void twoPasskeysOfOneUserAreListedWithDifferentIds() {
        String access = accessToken(verified());
        String first = register(access, new SoftwareAuthenticator());
        String second = register(access, new SoftwareAuthenticator());

        assertNotEquals(first, second);
        assertEquals(List.of(first, second), as(access).get("/api/v1/me/passkeys").then().statusCode(200)
                .extract().jsonPath().getList("items.id"));
        UUID.fromString(first);
    }

    private static io.restassured.response.Response answer(String access, SoftwareAuthenticator authenticator) {
        JsonPath options = registrationOptions(access);
        return add(access, options.getString("challenge_id"), "Phone",
                authenticator.register(options.getString("challenge"), options.getString("user.id")));
    }
}
