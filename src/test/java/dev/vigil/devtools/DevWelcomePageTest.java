package dev.vigil.devtools;

import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DevToolsProfile.class)
class DevWelcomePageTest {

    private static final Pattern GO_ON = Pattern.compile("<a href=\"([^\"]+)\">Go to Vigil</a>");

    @Test
    void welcomePageLinksToTheMailsTheApiAndTellsAboutTheDevAdmin() {
        given().get("/dev").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(DevMailPageTest.CSP))
                .header("Cache-Control", equalTo("no-store"))
                .body(startsWith("<!DOCTYPE html>"))
                .body(not(containsString("<script")))
                .body(containsString("<h1>Vigil is running in dev mode</h1>"))
                .body(containsString("<a href=\"/dev/mail\">"))
                .body(containsString("<a href=\"/q/swagger-ui\">"))
                .body(containsString("<a href=\"/q/openapi\">"))
                .body(containsString("<code>admin</code>"))
                .body(containsString("{\"login\": \"admin\", \"password\": \"the printed password\"}"));
    }

    /** What a newcomer hit: "Go to Vigil" on a link page led to a 404. */
    @Test
    void linkPagesSendPeopleToAPageThatExists() {
        TestUser user = registered();
        String token = Mailbox.awaitOne(user.email(), "Confirm").token("/verify-email");

        String page = given().formParam("token", token).post("/verify-email").then().statusCode(200)
                .extract().asString();

        Matcher goOn = GO_ON.matcher(page);
        if (!goOn.find()) {
            throw new AssertionError("No \"Go to Vigil\" link in: " + page);
        }
        URI frontend = URI.create(goOn.group(1));
        given().get(frontend.getPath()).then()
                .statusCode(200)
                .body(containsString("<h1>Vigil is running in dev mode</h1>"));
    }

    /** Sign-in links lead to vigil.frontend-url + /magic-link; in dev mode a page says how to use one. */
    @Test
    void signInLinksLeadToAPageThatShowsHowToUseTheToken() {
        given().get("/dev/magic-link?token=abc<b>").then()
                .statusCode(200)
                .body(containsString("/api/v1/auth/magic-link/verify"))
                .body(containsString("{\"token\": \"abc&lt;b&gt;\"}"))
                .body(not(containsString("<b>")));
    }
}
