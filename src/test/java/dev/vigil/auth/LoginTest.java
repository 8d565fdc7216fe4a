package dev.vigil.auth;

import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.registered;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class LoginTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Test
    void loginByUsernameReturnsATokenPair() {
        TestUser user = registered();
        given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("refresh_expires_in", equalTo(2_592_000))
                .body("access_token", notNullValue())
                .body("refresh_token", notNullValue())
                .body("session_id", notNullValue());
    }

    @Test
    void loginByEmailIgnoresCase() {
        TestUser user = registered();
        JsonPath pair = login(user.email().toUpperCase(Locale.ROOT), user.password());
        assertTrue(pair.getString("access_token").split("\\.").length == 3);
    }

    @Test
    void accessTokenCarriesTheContractClaims() {
        TestUser user = registered();
        JsonPath pair = login(user);
        String[] parts = pair.getString("access_token").split("\\.");
        JsonPath header = new JsonPath(decode(parts[0]));
        JsonPath claims = new JsonPath(decode(parts[1]));

        assertEquals("ES256", header.getString("alg"));
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", hasItem(header.getString("kid")));
        String userId = Api.as(pair.getString("access_token")).get("/api/v1/me").then().statusCode(200)
                .extract().path("id");
        assertEquals(userId, claims.getString("sub"));
        assertEquals(pair.getString("session_id"), claims.getString("sid"));
        assertEquals("http://localhost:8080", claims.getString("iss"));
        assertEquals(java.util.List.of("user"), claims.getList("groups"));
        assertEquals(Boolean.FALSE, claims.get("email_verified"));
        assertEquals("free", claims.getString("tier"));
        assertEquals(600L, claims.getLong("exp") - claims.getLong("iat"));
        assertTrue(claims.getString("jti").length() >= 16);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        TestUser user = registered();
        // The same request id for both, since problem bodies echo it; everything else must match too.
        Response unknown = attempt("nobody-" + user.username(), user.password(), "same-answer");
        Response wrong = attempt(user.username(), user.password() + "x", "same-answer");

        assertEquals(401, unknown.statusCode());
        assertEquals(401, wrong.statusCode());
        assertEquals(unknown.asString(), wrong.asString());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        assertEquals("https://vigil.dev/problems/invalid-credentials", unknown.jsonPath().getString("type"));
    }

    @Test
    void lockedAccountWithRightPasswordGets423() {
        TestUser user = registered();
        Instant until = clock.instant().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Db.update(dataSource, "UPDATE users SET locked_until = ? WHERE username = ?",
                java.sql.Timestamp.from(until), user.username());

        attempt(user.username(), user.password()).then().statusCode(423)
                .body("type", equalTo("https://vigil.dev/problems/account-locked"))
                .body("locked_until", equalTo(until.toString()));
        attempt(user.username(), "wrong password entirely").then().statusCode(401)
                .body("type", equalTo("https://vigil.dev/problems/invalid-credentials"));
    }

    @Test
    void bannedAccountWithRightPasswordGets403WithReason() {
        TestUser user = registered();
        Db.update(dataSource, "UPDATE users SET banned_at = ?, ban_reason = 'spam' WHERE username = ?", clock.instant(),
                user.username());

        attempt(user.username(), user.password()).then().statusCode(403)
                .body("type", equalTo("https://vigil.dev/problems/account-banned"))
                .body("reason", equalTo("spam"))
                .body("banned_until", equalTo(null));
    }

    @Test
    void expiredBanNoLongerBlocksLogin() {
        TestUser user = registered();
        Db.update(dataSource, "UPDATE users SET banned_at = ?, banned_until = ?, ban_reason = 'cool down' WHERE username = ?",
                clock.instant().minus(Duration.ofDays(2)), clock.instant().minus(Duration.ofDays(1)), user.username());

        attempt(user.username(), user.password()).then().statusCode(200);
    }

    @Test
    void releasedAccountGets403AccountReleased() {
        TestUser user = registered();
        Db.update(dataSource, "UPDATE accounts SET account_status = 'fulfilled'"
                + " WHERE user_id = (SELECT id FROM users WHERE username = ?)", user.username());

        attempt(user.username(), user.password()).then().statusCode(403)
                .body("type", equalTo("https://vigil.dev/problems/account-released"));
    }

    @Test
    void importedBcryptHashIsAcceptedAndReplacedByArgon2id() {
        TestUser user = registered();
        String bcrypt = OpenBSDBCrypt.generate(user.password().toCharArray(), new byte[16], 6);
        Db.update(dataSource, "UPDATE users SET password_hash = ? WHERE username = ?", bcrypt, user.username());

        login(user);

        String stored = (String) Db.single(dataSource, "SELECT password_hash FROM users WHERE username = ?", user.username());
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), "rehashed with the configured parameters");
        login(user);
    }

    @Test
    void weakerArgon2ParametersAreUpgradedOnLogin() {
        TestUser user = registered();
        // The same password hashed with m=1024,t=1 (as an older configuration would have).
        String weaker = argon2id(user.password(), 1024, 1);
        Db.update(dataSource, "UPDATE users SET password_hash = ? WHERE username = ?", weaker, user.username());

        login(user);

        String stored = (String) Db.single(dataSource, "SELECT password_hash FROM users WHERE username = ?", user.username());
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored.substring(0, 30));
    }

    @Test
    void missingFieldsAre400() {
        given().contentType(ContentType.JSON).body(Map.of("login", "someone"))
                .post("/api/v1/auth/login")
                .then().statusCode(400)
                .body("type", equalTo("https://vigil.dev/problems/validation-failed"))
                .body("errors.field", hasItem("password"));
    }

    private static Response attempt(String login, String password) {
        return attempt(login, password, "login-test");
    }

    private static Response attempt(String login, String password, String requestId) {
        return given().contentType(ContentType.JSON)
                .header("X-Request-Id", requestId)
                .body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }

    /** A PHC Argon2id string made independently of the code under test. */
    private static String argon2id(String password, int memoryKib, int iterations) {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.UTF_8);
        org.bouncycastle.crypto.generators.Argon2BytesGenerator generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(1).withSalt(salt).build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
