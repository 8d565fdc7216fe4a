package dev.vigil.auth;

import static dev.vigil.auth.PasskeyFlows.login;
import static dev.vigil.auth.PasskeyFlows.loginOptions;
import static dev.vigil.auth.PasskeyFlows.register;
import static dev.vigil.auth.PasskeyFlows.signIn;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
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
import dev.vigil.support.Race;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sign-in with a passkey: discoverable and for a named user, both factors at once, and every way an
 * answer can fail to prove anything (401), plus the account rules a password login obeys too.
 */
@QuarkusTest
class PasskeyLoginTest {

    private static final int ROUNDS = 4;
    private static final int RACERS = 8;

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    PasskeyChallengeHousekeeping challengeHousekeeping;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDiscoverablePasskeySignsInWithoutAUsername() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        JsonPath options = loginOptions(null);
        assertEquals(List.of(), options.getList("allow_credentials"));
        assertEquals(SoftwareAuthenticator.RP_ID, options.getString("rp_id"));
        assertEquals("required", options.getString("user_verification"));

        String access = login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge")))
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("refresh_token", notNullValue())
                .extract().path("access_token");

        as(access).get("/api/v1/me").then().statusCode(200).body("username", equalTo(owner.username()));
        assertEquals("passkey", Db.single(dataSource, "SELECT e.detail->>'method' FROM security_events e JOIN users u"
                + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'login.succeeded' ORDER BY e.at DESC LIMIT 1",
                owner.username()));
        as(access).get("/api/v1/me/passkeys").then().body("items[0].last_used_at", notNullValue());
    }

    @Test
    void aNamedUserGetsTheirPasskeysListedAndSignsIn() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        JsonPath options = loginOptions(owner.email().toUpperCase());
        assertEquals(List.of(authenticator.credentialId()), options.getList("allow_credentials.id"));

        login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge")))
                .then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void anUnknownLoginGetsTheAnswerOfAUserWithoutPasskeys() {
        JsonPath options = loginOptions("nobody-" + UUID.randomUUID());

        assertEquals(List.of(), options.getList("allow_credentials"));
        assertNotNull(options.getString("challenge_id"));
    }

    @Test
    void aPasskeySatisfiesTheSecondFactor() {
        TestUser owner = verified();
        String access = accessToken(owner);
        byte[] secret = Totp.fromBase32(as(access).post("/api/v1/me/mfa/totp").then().statusCode(201).extract().path("secret"));
        as(access).contentType(ContentType.JSON).body(Map.of("code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/me/mfa/totp/confirm").then().statusCode(200);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        register(access, authenticator);

        signIn(authenticator).then().statusCode(200)
                .body("access_token", notNullValue())
                .body("mfa_required", nullValue());
    }

    @Test
    void anAnswerFromAnotherOriginIsRefused() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        authenticator.origin = "https://evil.example";

        assertProblem(signIn(authenticator), 401, "invalid-credentials");
    }

    @Test
    void anAnswerForAnotherRelyingPartyIsRefused() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        authenticator.rpId = "evil.example";

        assertProblem(signIn(authenticator), 401, "invalid-credentials");
    }

    @Test
    void anAnswerWithoutUserVerificationIsRefused() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        authenticator.userVerified = false;

        assertProblem(signIn(authenticator), 401, "invalid-credentials");
    }

    @Test
    void aChallengeIsSpentByItsFirstAnswer() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        JsonPath options = loginOptions(null);
        login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge")))
                .then().statusCode(200);

        assertProblem(login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge"))),
                401, "invalid-credentials");
    }

    @Test
    void aChallengeExpiresAfterFiveMinutes() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        JsonPath options = loginOptions(null);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertProblem(login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge"))),
                401, "invalid-credentials");
    }

    @Test
    void aRegistrationChallengeDoesNotSignIn() {
        TestUser owner = verified();
        String access = accessToken(owner);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        register(access, authenticator);
        JsonPath registration = PasskeyFlows.registrationOptions(access);

        assertProblem(login(registration.getString("challenge_id"),
                authenticator.assertion(registration.getString("challenge"))), 401, "invalid-credentials");
    }

    @Test
    void aCounterThatGoesBackwardsIsRefused() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        authenticator.counter = 10;
        signIn(authenticator).then().statusCode(200); // signs with 11

        JsonPath options = loginOptions(null);
        assertProblem(login(options.getString("challenge_id"),
                authenticator.assertionAtCounter(options.getString("challenge"), 5)), 401, "invalid-credentials");
        JsonPath same = loginOptions(null);
        assertProblem(login(same.getString("challenge_id"),
                authenticator.assertionAtCounter(same.getString("challenge"), 11)), 401, "invalid-credentials");
        JsonPath again = loginOptions(null);
        login(again.getString("challenge_id"), authenticator.assertionAtCounter(again.getString("challenge"), 12))
                .then().statusCode(200);
    }

    @Test
    void anAuthenticatorWithoutACounterKeepsWorking() {
        SoftwareAuthenticator authenticator = withPasskey(verified());
        for (int i = 0; i < 2; i++) {
            JsonPath options = loginOptions(null);
            login(options.getString("challenge_id"), authenticator.assertionAtCounter(options.getString("challenge"), 0))
                    .then().statusCode(200);
        }
    }

    @Test
    void anotherUsersPasskeyDoesNotSignInANamedUser() {
        TestUser victim = verified();
        withPasskey(victim);
        SoftwareAuthenticator attackers = withPasskey(verified());
        JsonPath options = loginOptions(victim.username());

        assertProblem(login(options.getString("challenge_id"), attackers.assertion(options.getString("challenge"))),
                401, "invalid-credentials");
    }

    @Test
    void anUnregisteredPasskeyIsRefused() {
        SoftwareAuthenticator stranger = new SoftwareAuthenticator();

        assertProblem(signIn(stranger), 401, "invalid-credentials");
    }

    @Test
    void thePasskeyOfADeletedUserIsRefused() {
        TestUser owner = verified();
        String access = accessToken(owner);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        register(access, authenticator);
        as(access).contentType(ContentType.JSON).body(Map.of("password", owner.password())).delete("/api/v1/me")
                .then().statusCode(204);

        assertProblem(signIn(authenticator), 401, "invalid-credentials");
    }

    @Test
    void aBannedUserIsRefused() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'test' WHERE username = ?",
                clock.instant(), owner.username());

        assertProblem(signIn(authenticator), 403, "account-banned");
    }

    @Test
    void aReleasedAccountIsRefused() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        Db.update(dataSource, "UPDATE accounts SET account_status = 'fulfilled' WHERE user_id ="
                + " (SELECT id FROM users WHERE username = ?)", owner.username());

        assertProblem(signIn(authenticator), 403, "account-released");
    }

    @Test
    void aLockedAccountIsRefused() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        Db.update(dataSource, "UPDATE users SET locked_until = ? WHERE username = ?",
                clock.instant().plus(Duration.ofHours(1)), owner.username());

        assertProblem(signIn(authenticator), 423, "account-locked");
    }

    @Test
    void aFailedPasskeySignInCountsAsAFailedLogin() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        authenticator.origin = "https://evil.example";

        assertProblem(signIn(authenticator), 401, "invalid-credentials");

        assertEquals("bad-origin", Db.single(dataSource, "SELECT e.detail->>'reason' FROM security_events e"
                + " JOIN users u ON u.id = e.user_id WHERE u.username = ? AND e.type = 'login.failed'", owner.username()));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id"
                + " WHERE u.username = ?", owner.username()), "the failure counts toward the lockout");
    }

    @Test
    void unreadableAnswersAreValidationErrors() {
        String challengeId = loginOptions(null).getString("challenge_id");

        assertInvalidField(login(challengeId, Map.of("id", "AAAA")), "credential");
        assertInvalidField(login(challengeId, Map.of("id", "a\u0000b")), "credential.id");
    }

    @Test
    void unansweredChallengesAreForgottenOnceExpired() {
        String expired = loginOptions(null).getString("challenge_id");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        String live = loginOptions(null).getString("challenge_id");

        challengeHousekeeping.prune().await().atMost(Duration.ofSeconds(10));

        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM passkey_challenges WHERE id = ?", UUID.fromString(expired)));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM passkey_challenges WHERE id = ?", UUID.fromString(live)));
    }

    @Test
    void ofSimultaneousAnswersToOneChallengeExactlyOneSignsIn() {
        TestUser owner = verified();
        SoftwareAuthenticator authenticator = withPasskey(owner);
        for (int round = 0; round < ROUNDS; round++) {
            JsonPath options = loginOptions(null);
            Map<String, Object> answer = authenticator.assertion(options.getString("challenge"));
            long sessionsBefore = sessions(owner);

            List<Response> answers = Race.of(RACERS, i -> login(options.getString("challenge_id"), answer));

            assertEquals(1, Race.count(answers, 200, null), "round " + round + ": " + Race.statuses(answers));
            assertEquals(RACERS - 1, Race.count(answers, 401, "invalid-credentials"),
                    "round " + round + ": " + Race.statuses(answers));
            assertEquals(sessionsBefore + 1, sessions(owner), "one session per challenge");
        }
    }

    private long sessions(TestUser owner) {
        return (Long) Db.single(dataSource, "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.username = ?", owner.username());
    }

    private static SoftwareAuthenticator withPasskey(TestUser owner) {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        register(accessToken(owner), authenticator);
        return authenticator;
    }
}
