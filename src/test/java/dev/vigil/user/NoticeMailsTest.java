package dev.vigil.user;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Security notices reach the user over real SMTP, in both parts; links never follow the request's host. */
@QuarkusTest
class NoticeMailsTest {

    @Test
    void aPasswordChangeIsNoticedByMail() {
        TestUser user = registered();
        as(accessToken(user)).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password(), "new_password", "lantern over quiet water"))
                .post("/api/v1/me/password").then().statusCode(204);

        ReceivedMail notice = Mailbox.awaitOne(user.email(), "password was changed");
        assertBothParts(notice);
        assertTrue(notice.link("/forgot-password").equals("http://localhost:8080/forgot-password"),
                "a way back in for someone who did not make the change");
    }

    @Test
    void aProfileChangeIsNoticedByMailNamingWhatChanged() {
        TestUser user = registered();
        as(accessToken(user)).contentType(ContentType.JSON).body(Map.of("timezone", "Asia/Tokyo"))
                .patch("/api/v1/me").then().statusCode(200);

        ReceivedMail notice = Mailbox.awaitOne(user.email(), "profile");
        assertBothParts(notice);
        assertTrue(notice.text().toLowerCase(java.util.Locale.ROOT).contains("time zone"), notice.text());
    }

    @Test
    void anEmailChangeIsNoticedAtTheOldAddress() {
        TestUser user = registered();
        as(accessToken(user)).contentType(ContentType.JSON).body(Map.of("email", "new-" + user.username() + "@example.net", "current_password", user.password()))
                .patch("/api/v1/me").then().statusCode(200);

        assertBothParts(Mailbox.awaitOne(user.email(), "email address was requested"));
    }

    @Test
    void deletionIsNoticedByMail() {
        TestUser user = registered();
        as(accessToken(user)).contentType(ContentType.JSON).body(Map.of("password", user.password()))
                .delete("/api/v1/me").then().statusCode(204);

        assertBothParts(Mailbox.awaitOne(user.email(), "deleted"));
    }

    @Test
    void linksAreBuiltFromThePublicUrlWhateverHostTheRequestNamed() {
        TestUser user = newUser();
        given().contentType(ContentType.JSON)
                .header("Host", "evil.example")
                .header("X-Forwarded-Host", "evil.example")
                .body(Map.of("username", user.username(), "email", user.email(), "password", user.password()))
                .post("/api/v1/auth/register").then().statusCode(202);

        ReceivedMail mail = Mailbox.awaitOne(user.email(), "confirm");
        assertTrue(mail.link("/verify-email").startsWith("http://localhost:8080/"), mail.link("/verify-email"));
        assertTrue(!mail.text().contains("evil.example") && !mail.html().contains("evil.example"));
    }

    private static void assertBothParts(ReceivedMail mail) {
        assertNotNull(mail.text(), "plain-text part");
        assertNotNull(mail.html(), "HTML part");
        assertTrue(mail.html().contains("<html"), "a full HTML document");
    }
}
