package dev.vigil.user;

import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class UsernameAvailabilityTest {

    private static final String PATH = "/api/v1/auth/username-available";

    @Test
    void freshUsernameIsAvailable() {
        String username = newUser().username();
        ask(username)
                .then().statusCode(200)
                .body("username", equalTo(username))
                .body("available", equalTo(true));
    }

    @Test
    void registeredUsernameIsNotAvailable() {
        TestUser user = registered();
        ask(user.username())
                .then().statusCode(200)
                .body("username", equalTo(user.username()))
                .body("available", equalTo(false));
    }

    @Test
    void registeredUsernameAskedInUpperCaseIsNotAvailableAndAnsweredLowerCased() {
        TestUser user = registered();
        ask(user.username().toUpperCase(Locale.ROOT))
                .then().statusCode(200)
                .body("username", equalTo(user.username()))
                .body("available", equalTo(false));
    }

    @Test
    void freshUsernameAskedInUpperCaseIsAnsweredLowerCased() {
        String username = newUser().username();
        ask(username.toUpperCase(Locale.ROOT))
                .then().statusCode(200)
                .body("username", equalTo(username))
                .body("available", equalTo(true));
    }

    @Test
    void missingUsernameIs400() {
        assertProblem(given().get(PATH), 400, "validation-failed")
                .body("errors.field", hasItem("username"));
    }

    @Test
    void usernameThatCouldNeverBeRegisteredIs400() {
        assertProblem(ask("no spaces!"), 400, "validation-failed")
                .body("errors.field", hasItem("username"));
        assertProblem(ask("ab"), 400, "validation-failed")
                .body("errors.field", hasItem("username"));
        assertProblem(ask("x".repeat(33)), 400, "validation-failed")
                .body("errors.field", hasItem("username"));
    }

    private static Response ask(String username) {
        return given().queryParam("username", username).get(PATH);
    }
}
