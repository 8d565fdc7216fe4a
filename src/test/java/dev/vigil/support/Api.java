package dev.vigil.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Black-box helpers: every call goes through the HTTP API, as a client's would. */
public final class Api {

    public static final String PASSWORD = "violet harbour lantern 42";

    private Api() {
    }

    /** A fresh user for one test: unique username and email, {@link #PASSWORD}. */
    public record TestUser(String username, String email, String password) {
    }

    public static TestUser newUser() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new TestUser("u" + suffix, "User." + suffix + "@Example.org", PASSWORD);
    }

    public static TestUser registered() {
        TestUser user = newUser();
        register(user);
        return user;
    }

    /**
     * A registered user whose address is verified the way a person does it: the link from the
     * verification mail, posted back. What an unverified account may not do yet (API keys, TOTP,
     * trusted contacts, the check-in) needs one.
     */
    public static TestUser verified() {
        TestUser user = registered();
        String token = Mailbox.awaitOne(user.email(), "Confirm").token("/verify-email");
        given().contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/api/v1/auth/verify-email")
                .then().statusCode(204);
        return user;
    }

    public static void register(TestUser user) {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "email", user.email(), "password", user.password()))
                .post("/api/v1/auth/register")
                .then().statusCode(202);
    }

    /** Logs in and returns the token pair. */
    public static JsonPath login(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    public static JsonPath login(TestUser user) {
        return login(user.username(), user.password());
    }

    /** A registered, logged-in user's access token. */
    public static String accessToken(TestUser user) {
        return login(user).getString("access_token");
    }

    public static RequestSpecification as(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken);
    }
}
