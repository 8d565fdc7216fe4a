package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.register;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Registration mails a link over real SMTP; the link's token verifies the address, once. */
@QuarkusTest
class EmailVerificationFlowTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void registrationMailsALinkThatVerifiesTheAddress() {
        TestUser user = registered();
        ReceivedMail mail = Mailbox.awaitOne(user.email(), "confirm");

        assertNotNull(mail.text(), "plain-text part");
        assertNotNull(mail.html(), "HTML part");
        assertTrue(mail.link("/verify-email").startsWith("http://localhost:8080/verify-email?token="), mail.link("/verify-email"));
        assertTrue(mail.html().contains(mail.token("/verify-email")), "the same link in the HTML part");
        assertTrue(mail.messageId().matches("<[0-9a-f-]{36}@localhost>"), mail.messageId());

        verify(mail.token("/verify-email")).then().statusCode(204);

        as(accessToken(user)).get("/api/v1/me").then().statusCode(200).body("email_verified", equalTo(true));
    }

    @Test
    void aLinkWorksOnce() {
        TestUser user = registered();
        String token = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");
        verify(token).then().statusCode(204);

        assertProblem(verify(token), 400, "used-token");
    }

    @Test
    void anUnknownTokenIsInvalid() {
        assertProblem(verify("not-a-token-we-ever-made"), 400, "invalid-token");
    }

    @Test
    void aLinkExpiresAfterADay() {
        TestUser user = registered();
        String token = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");

        clock.advance(Duration.ofHours(25));

        assertProblem(verify(token), 400, "expired-token");
    }

    @Test
    void resendMailsANewLinkAndTheOldOneStopsWorking() {
        TestUser user = registered();
        String first = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");
        String token = accessToken(user);
        clock.advance(Duration.ofMinutes(2));

        as(token).post("/api/v1/auth/verify-email/resend").then().statusCode(202);

        String second = Mailbox.await(user.email(), 2).get(1).token("/verify-email");
        assertFalse(first.equals(second));
        assertProblem(verify(first), 400, "invalid-token");
        verify(second).then().statusCode(204);
    }

    @Test
    void resendWithinAMinuteIs429WithRetryAfter() {
        TestUser user = registered();
        Response response = as(accessToken(user)).post("/api/v1/auth/verify-email/resend");

        assertProblem(response, 429, "rate-limited").header("Retry-After", equalTo("60"));
    }

    @Test
    void resendForAVerifiedAddressIs409() {
        TestUser user = registered();
        verify(Mailbox.awaitOne(user.email(), "confirm").token("/verify-email")).then().statusCode(204);

        assertProblem(as(accessToken(user)).post("/api/v1/auth/verify-email/resend"), 409, "already-verified");
    }

    @Test
    void registeringAKnownAddressMailsItsOwnerANoticeWithoutALink() {
        TestUser owner = registered();
        Mailbox.awaitOne(owner.email(), "confirm");
        TestUser imitator = newUser();
        register(new TestUser(imitator.username(), owner.email(), imitator.password()));

        ReceivedMail notice = Mailbox.await(owner.email(), 2).get(1);
        assertFalse(notice.text().contains("/verify-email"), notice.text());
        assertEquals(2, Mailbox.to(owner.email()).size());
    }

    @Test
    void aChangedAddressIsVerifiedAtTheNewAddressAndTheOldOneIsTold() {
        TestUser user = registered();
        String token = accessToken(user);
        String newEmail = "moved-" + user.username() + "@example.net";
        as(token).contentType(ContentType.JSON).body(Map.of("email", newEmail, "current_password", user.password()))
                .patch("/api/v1/me").then().statusCode(200);

        ReceivedMail atNewAddress = Mailbox.awaitOne(newEmail, "confirm");
        Mailbox.await(user.email(), 2);
        verify(atNewAddress.token("/verify-email")).then().statusCode(204);

        as(token).get("/api/v1/me").then().statusCode(200)
                .body("email", equalTo(newEmail))
                .body("pending_email", equalTo(null))
                .body("email_verified", equalTo(true));
    }

    private static Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/auth/verify-email");
    }
}
