package dev.vigil.auth;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.verified;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** TOTP enrolment, the two-step login, recovery codes, and turning TOTP off. */
@QuarkusTest
class TotpLoginTest {

    @Inject
    MutableClock clock;
    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A user with TOTP on: its secret and recovery codes. */
    record TotpUser(TestUser user, byte[] secret, List<String> recoveryCodes) {
    }

    @Test
    void enrolmentShowsTheSecretOnceAndIsNotActiveUntilConfirmed() {
        TestUser user = verified();
        String token = accessToken(user);

        JsonPath enrolment = as(token).post("/api/v1/me/mfa/totp").then().statusCode(201)
                .body("secret", notNullValue())
                .extract().jsonPath();
        String secret = enrolment.getString("secret");
        assertEquals("otpauth://totp/Vigil:" + user.username() + "?secret=" + secret
                + "&issuer=Vigil&algorithm=SHA1&digits=6&period=30", enrolment.getString("otpauth_uri"));
        assertEquals(20, Totp.fromBase32(secret).length);

        as(token).get("/api/v1/me").then().statusCode(200).body("mfa_enabled", equalTo(false));
        LockoutTest.attempt(user.username(), user.password()).then().statusCode(200).body("access_token", notNullValue());
        assertFalse(as(token).get("/api/v1/me").asString().contains(secret), "the secret is never shown again");
    }

    @Test
    void confirmingWithAWrongCodeIsRefusedAndARightOneTurnsTotpOn() {
        TestUser user = verified();
        String token = accessToken(user);
        byte[] secret = Totp.fromBase32(as(token).post("/api/v1/me/mfa/totp").then().statusCode(201)
                .extract().path("secret"));

        confirm(token, wrongCode(secret)).then().statusCode(400)
                .body("type", equalTo("https://vigil.dev/problems/invalid-code"));
        List<String> codes = confirm(token, currentCode(secret)).then().statusCode(200)
                .body("recovery_codes", hasSize(10))
                .extract().jsonPath().getList("recovery_codes", String.class);

        assertEquals(10, new HashSet<>(codes).size());
        as(token).get("/api/v1/me").then().statusCode(200).body("mfa_enabled", equalTo(true));
        as(token).contentType("application/json").body("{\"display_name\": \"Two Factor\"}").patch("/api/v1/me")
                .then().statusCode(200).body("mfa_enabled", equalTo(true));
        as(token).post("/api/v1/me/mfa/totp").then().statusCode(409)
                .body("type", equalTo("https://vigil.dev/problems/invalid-state-transition"));
        assertEquals(1L, events(user, "mfa.enabled"));
        assertEquals(0L, ((Number) Db.single(dataSource, "SELECT count(*) FROM totp_recovery_codes r JOIN users u"
                + " ON u.id = r.user_id WHERE u.username = ? AND r.code_hash = sha256(convert_to(?, 'UTF8'))",
                user.username(), codes.get(0))).longValue(), "codes are stored hashed (of their normalised form only)");
    }

    @Test
    void loginAsksForTheSecondFactorAndACodeCompletesIt() {
        TotpUser totp = totpUser();

        String mfaToken = mfaToken(totp.user());
        JsonPath pair = loginMfa(mfaToken, nextCode(totp.secret())).then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .extract().jsonPath();

        as(pair.getString("access_token")).get("/api/v1/me").then().statusCode(200).body("mfa_enabled", equalTo(true));
        loginMfa(mfaToken, nextCode(totp.secret())).then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-token"));
        assertEquals("totp", Db.single(dataSource, "SELECT detail->>'mfa' FROM security_events e JOIN users u"
                + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'login.succeeded' ORDER BY at DESC LIMIT 1",
                totp.user().username()));
    }

    @Test
    void aCodeWorksOnlyOnce() {
        TotpUser totp = totpUser();
        String code = nextCode(totp.secret());
        loginMfa(mfaToken(totp.user()), code).then().statusCode(200);

        loginMfa(mfaToken(totp.user()), code).then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-code"));
        clock.advance(Duration.ofSeconds(60));
        loginMfa(mfaToken(totp.user()), currentCode(totp.secret())).then().statusCode(200);
    }

    @Test
    void aRecoveryCodeStandsInForACodeOnce() {
        TotpUser totp = totpUser();
        String recovery = totp.recoveryCodes().get(3);

        loginMfa(mfaToken(totp.user()), recovery.toUpperCase()).then().statusCode(200);
        loginMfa(mfaToken(totp.user()), recovery).then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-code"));
        loginMfa(mfaToken(totp.user()), totp.recoveryCodes().get(4)).then().statusCode(200);
    }

    @Test
    void wrongCodesCountTowardTheLockout() {
        TotpUser totp = totpUser();
        String mfaToken = mfaToken(totp.user());
        for (int i = 0; i < 5; i++) {
            loginMfa(mfaToken, wrongCode(totp.secret())).then().statusCode(401)
                    .body("type", equalTo("https://vigil.dev/problems/invalid-code"));
        }

        loginMfa(mfaToken, nextCode(totp.secret())).then().statusCode(423)
                .body("type", equalTo("https://vigil.dev/problems/account-locked"));
        LockoutTest.attempt(totp.user().username(), totp.user().password()).then().statusCode(423);
        assertEquals(5L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u"
                + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'login.failed' AND e.detail->>'reason' = 'invalid-code'",
                totp.user().username())).longValue());
    }

    @Test
    void theRightPasswordAloneDoesNotResetTheCounter() {
        TotpUser totp = totpUser();
        for (int i = 0; i < 3; i++) {
            loginMfa(mfaToken(totp.user()), wrongCode(totp.secret())).then().statusCode(401);
        }
        assertEquals(3, failedAttempts(totp.user()), "each mfaToken() logged in with the right password");

        loginMfa(mfaToken(totp.user()), nextCode(totp.secret())).then().statusCode(200);
        assertEquals(0, failedAttempts(totp.user()), "the completed login did");
    }

    @Test
    void anExpiredOrUnknownMfaTokenIsRefused() {
        TotpUser totp = totpUser();
        String mfaToken = mfaToken(totp.user());
        clock.advance(Duration.ofMinutes(6));

        loginMfa(mfaToken, currentCode(totp.secret())).then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-token"));
        loginMfa("made-up-token", currentCode(totp.secret())).then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-token"));
        given().contentType(ContentType.JSON).body(Map.of("mfa_token", mfaToken))
                .post("/api/v1/auth/login/mfa").then().statusCode(400)
                .body("errors[0].field", equalTo("code"));
    }

    @Test
    void aPasswordResetDoesNotTurnTotpOff() {
        TotpUser totp = totpUser();
        given().contentType(ContentType.JSON).body(Map.of("login", totp.user().username()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.awaitOne(totp.user().email(), "reset your password").token("/reset-password");
        given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", "cobalt meadow after rain"))
                .post("/api/v1/auth/password/reset").then().statusCode(204);

        LockoutTest.attempt(totp.user().username(), "cobalt meadow after rain").then().statusCode(200)
                .body("mfa_required", equalTo(true))
                .body("access_token", nullValue());
    }

    @Test
    void turningTotpOffNeedsThePassword() {
        TotpUser totp = totpUser();
        String token = loginMfa(mfaToken(totp.user()), nextCode(totp.secret())).then().statusCode(200)
                .extract().path("access_token");

        disable(token, "not my password").then().statusCode(400)
                .body("type", equalTo("https://vigil.dev/problems/wrong-password"));
        disable(token, totp.user().password()).then().statusCode(204);

        as(token).get("/api/v1/me").then().statusCode(200).body("mfa_enabled", equalTo(false));
        LockoutTest.attempt(totp.user().username(), totp.user().password()).then().statusCode(200)
                .body("access_token", notNullValue());
        assertEquals(1L, events(totp.user(), "mfa.disabled"));
        assertEquals(0L, ((Number) Db.single(dataSource, "SELECT count(*) FROM totp_recovery_codes r JOIN users u"
                + " ON u.id = r.user_id WHERE u.username = ?", totp.user().username())).longValue());
    }

    @Test
    void theSecondStepStillRefusesABannedAccount() {
        TotpUser totp = totpUser();
        String mfaToken = mfaToken(totp.user());
        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'spam' WHERE username = ?",
                clock.instant(), totp.user().username());

        loginMfa(mfaToken, nextCode(totp.secret())).then().statusCode(403)
                .body("type", equalTo("https://vigil.dev/problems/account-banned"));
    }

    private TotpUser totpUser() {
        TestUser user = verified();
        String token = accessToken(user);
        byte[] secret = Totp.fromBase32(as(token).post("/api/v1/me/mfa/totp").then().statusCode(201)
                .extract().path("secret"));
        List<String> codes = confirm(token, currentCode(secret)).then().statusCode(200)
                .extract().jsonPath().getList("recovery_codes", String.class);
        return new TotpUser(user, secret, codes);
    }

    private String mfaToken(TestUser user) {
        JsonPath answer = LockoutTest.attempt(user.username(), user.password()).then().statusCode(200)
                .body("mfa_required", equalTo(true))
                .body("access_token", nullValue())
                .extract().jsonPath();
        assertTrue(answer.getString("mfa_token").length() >= 40);
        return answer.getString("mfa_token");
    }

    private String currentCode(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    /** The next step's code: accepted (drift) and never used yet, even when the current one was. */
    private String nextCode(byte[] secret) {
        clock.advance(Duration.ofSeconds(30));
        return currentCode(secret);
    }

    /** A code that no step near now has. */
    private String wrongCode(byte[] secret) {
        long now = Totp.step(clock.instant());
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(Totp.code(secret, now - 1)) && !code.equals(Totp.code(secret, now))
                    && !code.equals(Totp.code(secret, now + 1))) {
                return code;
            }
        }
    }

    private static Response confirm(String accessToken, String code) {
        return as(accessToken).contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/v1/me/mfa/totp/confirm");
    }

    private static Response disable(String accessToken, String password) {
        return as(accessToken).contentType(ContentType.JSON).body(Map.of("password", password)).delete("/api/v1/me/mfa/totp");
    }

    private static Response loginMfa(String mfaToken, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("mfa_token", mfaToken, "code", code))
                .post("/api/v1/auth/login/mfa");
    }

    private int failedAttempts(TestUser user) {
        return ((Number) Db.single(dataSource, "SELECT failed_attempts FROM users WHERE username = ?", user.username())).intValue();
    }

    private long events(TestUser user, String type) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.username = ? AND e.type = ?", user.username(), type)).longValue();
    }
}
