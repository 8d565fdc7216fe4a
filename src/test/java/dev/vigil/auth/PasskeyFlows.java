package dev.vigil.auth;

import static dev.vigil.support.Api.as;
import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The two passkey ceremonies as a web app drives them, over HTTP. */
final class PasskeyFlows {

    private PasskeyFlows() {
    }

    static JsonPath registrationOptions(String accessToken) {
        return as(accessToken).post("/api/v1/me/passkeys/options").then().statusCode(200).extract().jsonPath();
    }

    static Response add(String accessToken, String challengeId, String name, Map<String, Object> credential) {
        return as(accessToken).contentType(ContentType.JSON)
                .body(Map.of("challenge_id", challengeId, "name", name, "credential", credential))
                .post("/api/v1/me/passkeys");
    }

    /** Registers the authenticator's passkey for the user; the new passkey's id. */
    static String register(String accessToken, SoftwareAuthenticator authenticator) {
        JsonPath options = registrationOptions(accessToken);
        return add(accessToken, options.getString("challenge_id"), "Laptop",
                authenticator.register(options.getString("challenge"), options.getString("user.id")))
                .then().statusCode(201).extract().path("id");
    }

    /** Request options, for a named user ({@code login}) or for any passkey (null). */
    static JsonPath loginOptions(String login) {
        Map<String, Object> body = new HashMap<>();
        body.put("login", login);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/passkeys/login/options")
                .then().statusCode(200).extract().jsonPath();
    }

    static Response login(String challengeId, Map<String, Object> credential) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("challenge_id", challengeId, "credential", credential))
                .post("/api/v1/auth/passkeys/login");
    }

    /** A whole discoverable sign-in with the authenticator's next assertion. */
    static Response signIn(SoftwareAuthenticator authenticator) {
        JsonPath options = loginOptions(null);
        return login(options.getString("challenge_id"), authenticator.assertion(options.getString("challenge")));
    }
}
