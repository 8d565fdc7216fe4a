package dev.vigil.pages;

import static dev.vigil.pages.LinkPageAssertions.assertPage;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.common.token.TokenPurpose;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class VerifyEmailPageTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void openingTheLinkShowsAConfirmButtonAndVerifiesNothing() {
        TestUser user = registered();
        String token = mailedToken(user.email());

        Response page = given().get("/verify-email?token=" + token);

        assertPage(page, 200, "Confirm your email address")
                .body(containsString("<form method=\"post\" action=\"verify-email\">"))
                .body(containsString("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"))
                .body(containsString("<button type=\"submit\">Confirm my email address</button>"));
        assertFalse(me(user).getBoolean("email_verified"), "a GET (a mail scanner's prefetch) must not verify");
        given().get("/verify-email?token=" + token).then().statusCode(200);
        confirm(token).then().statusCode(200);
    }

    @Test
    void pressingTheButtonVerifiesTheAddress() {
        TestUser user = registered();
        String token = mailedToken(user.email());

        Response result = confirm(token);

        assertPage(result, 200, "Your email address is confirmed");
        assertTrue(me(user).getBoolean("email_verified"));
    }

    @Test
    void confirmingAChangedAddressMakesItTheEmail() {
        TestUser user = registered();
        String newEmail = "New." + user.username() + "@example.net";
        Api.as(accessToken(user)).contentType(ContentType.JSON).body("{\"email\": \"" + newEmail + "\", \"current_password\": \"" + user.password() + "\"}")
                .patch("/api/v1/me").then().statusCode(200);
        String token = mailedToken(newEmail);

        assertPage(confirm(token), 200, "Your email address is confirmed");

        JsonPath me = me(user);
        assertEquals(newEmail, me.getString("email"));
        assertEquals(null, me.getString("pending_email"));
    }

    @Test
    void aUsedLinkAnswers400WithAPageThatSaysSo() {
        TestUser user = registered();
        String token = mailedToken(user.email());
        confirm(token).then().statusCode(200);

        assertPage(confirm(token), 400, "This link was already used")
                .body(containsString("most likely confirmed already"))
                .body(not(containsString("<form")));
        assertPage(given().get("/verify-email?token=" + token), 400, "This link was already used");
    }

    @Test
    void anExpiredLinkAnswers400AndVerifiesNothing() {
        TestUser user = registered();
        String token = mailedToken(user.email());
        clock.advance(TokenPurpose.VERIFY_EMAIL.lifetime().plus(Duration.ofSeconds(1)));

        assertPage(given().get("/verify-email?token=" + token), 400, "This link has expired");
        assertPage(confirm(token), 400, "This link has expired");

        clock.reset();
        assertFalse(me(user).getBoolean("email_verified"));
    }

    @Test
    void aMissingOrMadeUpTokenAnswers400() {
        assertPage(given().get("/verify-email"), 400, "This link does not work");
        assertPage(given().get("/verify-email?token=made-up"), 400, "This link does not work");
        assertPage(confirm("made-up"), 400, "This link does not work");
        assertPage(given().contentType(ContentType.URLENC).post("/verify-email"), 400, "This link does not work");
    }

    @Test
    void aResetTokenDoesNotVerifyAnAddress() {
        TestUser user = registered();
        given().contentType(ContentType.JSON).body("{\"login\": \"" + user.username() + "\"}")
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.awaitOne(user.email(), "reset your password").token("/reset-password");

        assertPage(confirm(token), 400, "This link does not work");
        assertFalse(me(user).getBoolean("email_verified"));
    }

    /** The token of the verification link that really arrived by mail at {@code address}. */
    private static String mailedToken(String address) {
        return Mailbox.awaitOne(address, "confirm your email address").token("/verify-email");
    }

    private static Response confirm(String token) {
        return given().contentType(ContentType.URLENC).formParam("token", token).post("/verify-email");
    }

    private static JsonPath me(TestUser user) {
        return Api.as(accessToken(user)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    }
}
