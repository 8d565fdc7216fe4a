package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.register;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Eventually.eventually;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Sign-in by mailed link: the request answers the same for every address, the link goes to the
 * client app, it signs in exactly once, expires, verifies the address and, as the address's first
 * proof, puts out whoever registered the address before its owner.
 */
@QuarkusTest
class MagicLinkTest {

    private static final int ROUNDS = 5;
    private static final int RACERS = 10;

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "vigil.frontend-url")
    String frontendUrl;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void knownAndUnknownAddressesGetTheSameAnswerAndOnlyTheOwnerAMail() {
        TestUser owner = verified();
        String stranger = "stranger-" + UUID.randomUUID() + "@example.org";

        String known = request(owner.email()).then().statusCode(202).extract().asString();
        String unknown = request(stranger).then().statusCode(202).extract().asString();

        assertEquals(known, unknown, "the same body either way");
        String link = Mailbox.awaitOne(owner.email(), "sign-in link").link("/magic-link");
        assertTrue(link.startsWith(frontendUrl + "/magic-link?token="), link);
        eventually("the stranger's job ran", () -> "sent".equals(Db.single(dataSource,
                "SELECT status FROM outbox WHERE kind = 'job' AND payload ->> 'email' = ?", stranger)));
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ?", stranger),
                "an unknown address gets no mail");
    }

    @Test
    void theLinkSignsInOnceAndKeepsAVerifiedOwnersPassword() {
        TestUser owner = verified();

        Response signedIn = verify(tokenFor(owner));

        String access = signedIn.then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("refresh_token", notNullValue())
                .extract().path("access_token");
        as(access).get("/api/v1/me").then().statusCode(200).body("username", equalTo(owner.username()));
        Api.login(owner);
        assertEquals("magic-link", Db.single(dataSource, "SELECT detail->>'method' FROM security_events e JOIN users u"
                + " ON u.id = e.user_id WHERE u.username = ? AND e.type = 'login.succeeded' ORDER BY at LIMIT 1",
                owner.username()));
    }

    @Test
    void aSpentLinkIsRefusedAsUsed() {
        TestUser owner = verified();
        String token = tokenFor(owner);

        verify(token).then().statusCode(200);

        assertProblem(verify(token), 400, "used-token");
        assertProblem(verify("not-a-token-" + UUID.randomUUID()), 400, "invalid-token");
    }

    @Test
    void ofManySimultaneousUsesExactlyOneSignsIn() {
        TestUser owner = verified();
        for (int round = 0; round < ROUNDS; round++) {
            String token = tokenFor(owner);
            long sessionsBefore = sessions(owner);

            List<Response> answers = Race.of(RACERS, i -> verify(token));

            assertEquals(1, Race.count(answers, 200, null), "round " + round + ": " + Race.statuses(answers));
            assertEquals(RACERS - 1, Race.count(answers, 400, "used-token"), "round " + round + ": " + Race.statuses(answers));
            assertEquals(sessionsBefore + 1, sessions(owner), "one session per link");
        }
    }

    @Test
    void theLinkExpiresAfterItsLifetime() {
        TestUser owner = verified();
        String token = tokenFor(owner);

        clock.advance(Duration.ofMinutes(15).plusSeconds(5));

        assertProblem(verify(token), 400, "expired-token");
    }

    @Test
    void theFirstProofOfTheAddressPutsOutWhoeverRegisteredItBefore() {
        TestUser attacker = Api.newUser();
        register(attacker); // the victim's address, never verified, the attacker's password
        String attackersToken = accessToken(attacker);

        String access = verify(tokenFor(attacker)).then().statusCode(200).extract().path("access_token");

        assertEquals(Boolean.TRUE, Jwts.claims(access).getBoolean("email_verified"), "the link proved the address");
        as(access).get("/api/v1/me").then().statusCode(200).body("email_verified", equalTo(true));
        assertUnauthorized(as(attackersToken).get("/api/v1/me"));
        assertProblem(given().contentType(ContentType.JSON)
                .body(Map.of("login", attacker.username(), "password", attacker.password()))
                .post("/api/v1/auth/login"), 401, "invalid-credentials");
    }

    @Test
    void aBannedOwnerIsRefusedAndTheLinkStaysUsable() {
        TestUser owner = verified();
        String token = tokenFor(owner);
        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'test' WHERE username = ?",
                clock.instant(), owner.username());

        assertProblem(verify(token), 403, "account-banned");

        Db.update(dataSource, "UPDATE users SET banned_at = NULL, ban_reason = NULL WHERE username = ?", owner.username());
        verify(token).then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void withTotpOnTheLinkIsTheFirstFactorOnly() {
        TestUser owner = verified();
        String access = accessToken(owner);
        byte[] secret = Totp.fromBase32(as(access).post("/api/v1/me/mfa/totp").then().statusCode(201).extract().path("secret"));
        as(access).contentType(ContentType.JSON).body(Map.of("code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/me/mfa/totp/confirm").then().statusCode(200);

        verify(tokenFor(owner)).then().statusCode(200)
                .body("mfa_required", equalTo(true))
                .body("mfa_token", notNullValue())
                .body("access_token", nullValue());
    }

    @Test
    void aMalformedAddressIsAValidationError() {
        assertProblem(request("not an address"), 400, "validation-failed");
    }

    private static Response request(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/api/v1/auth/magic-link");
    }

    private static Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/auth/magic-link/verify");
    }

    /** Asks for a link (past the one-minute cooldown of the previous one) and takes the token from the mail. */
    private String tokenFor(TestUser owner) {
        long before = signInMails(owner).size();
        clock.advance(MagicLinkRequests.MAIL_COOLDOWN.plusSeconds(1));
        request(owner.email()).then().statusCode(202);
        eventually("the sign-in link arrived", () -> signInMails(owner).size() > before);
        List<Mailbox.ReceivedMail> mails = signInMails(owner);
        return mails.get(mails.size() - 1).token("/magic-link");
    }

    private static List<Mailbox.ReceivedMail> signInMails(TestUser owner) {
        return Mailbox.to(owner.email()).stream().filter(mail -> mail.subject().contains("sign-in link")).toList();
    }

    private long sessions(TestUser owner) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.username = ?", owner.username())).longValue();
    }
}
