package dev.vigil.pages;

import static dev.vigil.pages.LinkPageAssertions.assertPage;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.common.token.TokenPurpose;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ResetPasswordPageTest {

    private static final String NEW_PASSWORD = "copper meadow signal 77";

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void openingTheLinkShowsTheNewPasswordFormAndSpendsNothing() {
        TestUser user = registered();
        String token = resetToken(user);

        Response page = given().get("/reset-password?token=" + token);

        assertPage(page, 200, "Choose a new password")
                .body(containsString("<form method=\"post\" action=\"reset-password\">"))
                .body(containsString("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"))
                .body(containsString("<label for=\"new_password\">"))
                .body(containsString("<input type=\"password\" id=\"new_password\" name=\"new_password\""
                        + " autocomplete=\"new-password\" minlength=\"12\" required"))
                .body(containsString("<label for=\"confirm_password\">"))
                .body(containsString("<input type=\"password\" id=\"confirm_password\" name=\"confirm_password\""
                        + " autocomplete=\"new-password\" minlength=\"12\" required>"))
                .body(not(containsString("<script")));
        Api.login(user);
        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 200, "Your password was changed");
    }

    @Test
    void submittingTheFormSetsThePasswordAndEndsEverySession() {
        TestUser user = registered();
        String oldAccessToken = Api.accessToken(user);
        String token = resetToken(user);

        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 200, "Your password was changed")
                .body(containsString("sign in with your new password"));

        Api.login(user.username(), NEW_PASSWORD);
        loginStatus(user.username(), user.password(), 401);
        Api.as(oldAccessToken).get("/api/v1/me").then().statusCode(401);
        Mailbox.awaitOne(user.email(), "your password was reset");
    }

    @Test
    void aRefusedPasswordShowsTheFormAgainAndTheLinkStillWorks() {
        TestUser user = registered();
        String token = resetToken(user);

        assertPage(reset(token, "short", "short"), 400, "Choose a new password")
                .body(containsString("<div class=\"errors\" id=\"form-errors\" role=\"alert\">"))
                .body(containsString("<li>The new password must be at least 12 characters.</li>"))
                .body(containsString("aria-invalid=\"true\""))
                .body(containsString("value=\"" + token + "\""));
        assertPage(reset(token, user.username() + " is my name", user.username() + " is my name"), 400,
                "Choose a new password")
                .body(containsString("<li>The new password must not contain your username.</li>"));
        loginStatus(user.username(), "short", 401);

        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 200, "Your password was changed");
        Api.login(user.username(), NEW_PASSWORD);
    }

    @Test
    void twoDifferentPasswordsShowTheFormAgainAndChangeNothing() {
        TestUser user = registered();
        String token = resetToken(user);

        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD + "!"), 400, "Choose a new password")
                .body(containsString("<li>The repeated password must match the new password.</li>"));

        Api.login(user);
        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 200, "Your password was changed");
    }

    @Test
    void aUsedLinkAnswers400AndOffersANewOne() {
        TestUser user = registered();
        String token = resetToken(user);
        reset(token, NEW_PASSWORD, NEW_PASSWORD).then().statusCode(200);

        assertPage(reset(token, "another fine password 9", "another fine password 9"), 400,
                "This link was already used")
                .body(containsString("<a href=\"forgot-password\">Ask for a new link</a>"))
                .body(not(containsString("<form")));
        assertPage(given().get("/reset-password?token=" + token), 400, "This link was already used");
        Api.login(user.username(), NEW_PASSWORD);
    }

    @Test
    void anExpiredLinkAnswers400() {
        TestUser user = registered();
        String token = resetToken(user);
        clock.advance(TokenPurpose.RESET_PASSWORD.lifetime().plus(Duration.ofSeconds(1)));

        assertPage(given().get("/reset-password?token=" + token), 400, "This link has expired");
        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 400, "This link has expired");

        clock.reset();
        Api.login(user);
    }

    @Test
    void aMadeUpTokenAnswers400EvenWithPasswordsThatDiffer() {
        assertPage(given().get("/reset-password?token=%22%3E%3Cscript%3E"), 400, "This link does not work")
                .body(not(containsString("<script")));
        assertPage(reset("made-up", NEW_PASSWORD, NEW_PASSWORD), 400, "This link does not work");
        assertPage(reset("made-up", NEW_PASSWORD, "other"), 400, "This link does not work");
        assertPage(reset("made-up", null, null), 400, "This link does not work");
    }

    @Test
    void theTokenIsEscapedInTheHiddenField() {
        String html = LinkPagesService.Templates.resetPassword("\"><script>alert(1)</script>", 12, List.of(),
                "https://app.example/?a=1&b=2").render();

        assertEquals(-1, html.indexOf("<script>"));
        assertEquals(true, html.contains(
                "name=\"token\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), html);
        assertEquals(true, html.contains("<a href=\"https://app.example/?a=1&amp;b=2\">"), html);
    }

    @Test
    void withoutATokenThePageOffersToMailALink() {
        assertPage(given().get("/reset-password"), 200, "Forgot your password?")
                .body(containsString("<form method=\"post\" action=\"forgot-password\">"))
                .body(containsString("<label for=\"login\">Email address or username</label>"));
        assertPage(given().get("/forgot-password"), 200, "Forgot your password?");
    }

    @Test
    void askingForALinkMailsOneThatWorksAndSaysTheSameForUnknownLogins() {
        TestUser user = registered();

        Response known = given().contentType(ContentType.URLENC).formParam("login", user.email()).post("/forgot-password");
        Response unknown = given().contentType(ContentType.URLENC).formParam("login", "nobody-" + user.username())
                .post("/forgot-password");

        assertPage(known, 200, "Check your mail");
        assertPage(unknown, 200, "Check your mail");
        assertEquals(known.asString(), unknown.asString());

        // The request is a queued job: its mail exists only once the dispatcher has run it.
        String token = mailedResetToken(user);
        assertEquals(1, Outbox.count(dataSource, user.username(), "password-reset"));
        assertPage(given().get("/reset-password?token=" + token), 200, "Choose a new password");
        assertPage(reset(token, NEW_PASSWORD, NEW_PASSWORD), 200, "Your password was changed");
    }

    @Test
    void askingWithoutALoginShowsTheFormAgain() {
        assertPage(given().contentType(ContentType.URLENC).formParam("login", "  ").post("/forgot-password"), 400,
                "Forgot your password?")
                .body(containsString("role=\"alert\""));
    }

    @Test
    void jsonIsNotAFormSubmission() {
        given().contentType(ContentType.JSON).body(Map.of("token", "x")).post("/reset-password")
                .then().statusCode(415);
    }

    /** Asks for a reset through the API and takes the token from the link that arrives by mail. */
    private static String resetToken(TestUser user) {
        given().contentType(ContentType.JSON).body(Map.of("login", user.username()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        return mailedResetToken(user);
    }

    private static String mailedResetToken(TestUser user) {
        return Mailbox.awaitOne(user.email(), "reset your password").token("/reset-password");
    }

    private static Response reset(String token, String password, String confirmation) {
        var request = given().contentType(ContentType.URLENC).formParam("token", token);
        if (password != null) {
            request.formParam("new_password", password);
        }
        if (confirmation != null) {
            request.formParam("confirm_password", confirmation);
        }
        return request.post("/reset-password");
    }

    private static void loginStatus(String login, String password, int status) {
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login").then().statusCode(status);
    }
}
