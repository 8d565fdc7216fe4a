package dev.vigil.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vigil.auth.SoftwareAuthenticator;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Real answers, checked against the OpenAPI document the TypeScript client is generated from: every
 * member the document requires is on the wire, every member on the wire is documented, and a member
 * is null only where the document says it may be.
 */
@QuarkusTest
class OpenApiWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;
    private static SchemaChecker checker;

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    /** The differences found by one test, reported together at its end. */
    private final List<String> differences = new ArrayList<>();

    /** Read once per class; the port is known only once Quarkus has started, hence not in a static @BeforeAll. */
    @BeforeEach
    void readDocument() throws Exception {
        if (document == null) {
            document = JSON.readTree(given().accept("application/json").get("/q/openapi")
                    .then().statusCode(200).extract().asString());
            checker = new SchemaChecker(document);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aUsersAnswersAreWhatTheDocumentSays() {
        TestUser user = Api.newUser();
        answer("post", "/api/v1/auth/register", 202, json().body(Map.of("username", user.username(),
                "email", user.email(), "password", user.password())).post("/api/v1/auth/register"));
        String verification = Mailbox.awaitOne(user.email(), "Confirm").token("/verify-email");
        json().body(Map.of("token", verification)).post("/api/v1/auth/verify-email").then().statusCode(204);
        answer("get", "/api/v1/auth/username-available", 200,
                given().queryParam("username", user.username()).get("/api/v1/auth/username-available"));

        JsonNode pair = answer("post", "/api/v1/auth/login", 200, json()
                .body(Map.of("login", user.username(), "password", user.password())).post("/api/v1/auth/login"));
        pair = answer("post", "/api/v1/auth/refresh", 200, json()
                .body(Map.of("refresh_token", pair.path("refresh_token").asText())).post("/api/v1/auth/refresh"));
        String token = pair.path("access_token").asText();

        JsonNode me = answer("get", "/api/v1/me", 200, Api.as(token).get("/api/v1/me"));
        for (String unset : List.of("pending_email", "display_name", "phone")) {
            assertTrue(me.path(unset).isNull(), unset + " of a new user is null: " + me);
        }
        assertTrue(me.path("account").path("subscription_end_date").isNull(), "a free account does not end: " + me);
        JsonNode publicProfile = answer("get", "/api/v1/users/{username}", 200,
                given().get("/api/v1/users/" + user.username()));
        assertTrue(publicProfile.path("display_name").isNull(), publicProfile.toString());

        me = answer("patch", "/api/v1/me", 200, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("display_name", "Ada", "phone", "+4915112345678", "email", "new." + user.email(),
                        "current_password", user.password()))
                .patch("/api/v1/me"));
        assertEquals("Ada", me.path("display_name").asText());
        assertFalse(me.path("pending_email").isNull(), "the new address waits for its link: " + me);
        answer("get", "/api/v1/users/{username}", 200, given().get("/api/v1/users/" + user.username()));

        answer("get", "/api/v1/me/sessions", 200, Api.as(token).get("/api/v1/me/sessions"));
        JsonNode events = answer("get", "/api/v1/me/security-events", 200,
                Api.as(token).get("/api/v1/me/security-events"));
        assertTrue(events.path("items").size() >= 3, "registration, verification and logins: " + events);

        JsonNode key = answer("post", "/api/v1/me/api-keys", 201, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "backup script")).post("/api/v1/me/api-keys"));
        assertTrue(key.path("expires_at").isNull(), "a key without an end: " + key);
        answer("post", "/api/v1/me/api-keys", 201, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "expires_at", clock.instant().plus(Duration.ofDays(30)).toString()))
                .post("/api/v1/me/api-keys"));
        JsonNode keys = answer("get", "/api/v1/me/api-keys", 200, Api.as(token).get("/api/v1/me/api-keys"));
        assertEquals(2, keys.path("items").size(), keys.toString());

        JsonNode byMail = answer("post", "/api/v1/me/trusted-contacts", 201, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Friend", "email", "friend@example.net")).post("/api/v1/me/trusted-contacts"));
        assertTrue(byMail.path("phone").isNull() && byMail.path("message").isNull(), byMail.toString());
        JsonNode bySms = answer("post", "/api/v1/me/trusted-contacts", 201, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Sister", "phone", "+4915112345679", "message", "Water the plants"))
                .post("/api/v1/me/trusted-contacts"));
        assertTrue(bySms.path("email").isNull(), bySms.toString());
        answer("get", "/api/v1/me/trusted-contacts", 200, Api.as(token).get("/api/v1/me/trusted-contacts"));

        JsonNode off = answer("get", "/api/v1/me/check-in", 200, Api.as(token).get("/api/v1/me/check-in"));
        assertTrue(off.path("interval").isNull() && off.path("next_due_at").isNull(), off.toString());
        JsonNode on = answer("put", "/api/v1/me/check-in", 200, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "interval", "P30D")).put("/api/v1/me/check-in"));
        assertTrue(on.path("last_check_in_at").isNull() && on.path("reminders").size() > 0, on.toString());
        assertTrue(on.path("reminders").get(0).path("sent_at").isNull(), on.toString());
        answer("post", "/api/v1/me/check-in", 200, Api.as(token).post("/api/v1/me/check-in"));

        answer("post", "/api/v1/auth/password/forgot", 202, json().body(Map.of("login", user.username()))
                .post("/api/v1/auth/password/forgot"));
        answer("post", "/api/v1/auth/magic-link", 202, json().body(Map.of("email", user.email()))
                .post("/api/v1/auth/magic-link"));
        answer("get", "/.well-known/jwks.json", 200, given().get("/.well-known/jwks.json"));

        assertEquals(List.of(), differences, "answers that differ from the OpenAPI document");
    }

    @Test
    void aSecondFactorsAnswersAreWhatTheDocumentSays() {
        TestUser user = Api.verified();
        String token = Api.accessToken(user);
        JsonNode enrolment = answer("post", "/api/v1/me/mfa/totp", 201, Api.as(token).post("/api/v1/me/mfa/totp"));
        byte[] secret = base32(enrolment.path("secret").asText());
        answer("post", "/api/v1/me/mfa/totp/confirm", 200, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("code", totp(secret))).post("/api/v1/me/mfa/totp/confirm"));

        JsonNode challenge = answer("post", "/api/v1/auth/login", 200, json()
                .body(Map.of("login", user.username(), "password", user.password())).post("/api/v1/auth/login"));
        assertTrue(challenge.path("mfa_required").asBoolean(), challenge.toString());
        clock.advance(Duration.ofSeconds(30)); // a fresh step: the confirming code may not be used again
        answer("post", "/api/v1/auth/login/mfa", 200, json()
                .body(Map.of("mfa_token", challenge.path("mfa_token").asText(), "code", totp(secret)))
                .post("/api/v1/auth/login/mfa"));

        assertEquals(List.of(), differences, "answers that differ from the OpenAPI document");
    }

    @Test
    void aPasskeysAnswersAreWhatTheDocumentSays() {
        String token = Api.accessToken(Api.verified());
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        JsonNode creation = answer("post", "/api/v1/me/passkeys/options", 200,
                Api.as(token).post("/api/v1/me/passkeys/options"));
        JsonNode added = answer("post", "/api/v1/me/passkeys", 201, Api.as(token).contentType(ContentType.JSON)
                .body(Map.of("challenge_id", creation.path("challenge_id").asText(), "name", "Laptop",
                        "credential", authenticator.register(creation.path("challenge").asText(),
                                creation.path("user").path("id").asText())))
                .post("/api/v1/me/passkeys"));
        JsonNode unused = answer("get", "/api/v1/me/passkeys", 200, Api.as(token).get("/api/v1/me/passkeys"));
        assertTrue(unused.path("items").get(0).path("last_used_at").isNull(), unused.toString());
        answer("post", "/api/v1/me/passkeys/options", 200, Api.as(token).post("/api/v1/me/passkeys/options"));

        JsonNode request = answer("post", "/api/v1/auth/passkeys/login/options", 200, json().body(Map.of())
                .post("/api/v1/auth/passkeys/login/options"));
        answer("post", "/api/v1/auth/passkeys/login", 200, json()
                .body(Map.of("challenge_id", request.path("challenge_id").asText(),
                        "credential", authenticator.assertion(request.path("challenge").asText())))
                .post("/api/v1/auth/passkeys/login"));
        JsonNode used = answer("get", "/api/v1/me/passkeys", 200, Api.as(token).get("/api/v1/me/passkeys"));
        assertFalse(used.path("items").get(0).path("last_used_at").isNull(), used.toString());
        assertEquals(added.path("id"), used.path("items").get(0).path("id"));

        assertEquals(List.of(), differences, "answers that differ from the OpenAPI document");
    }

    @Test
    void anAdminsAnswersAreWhatTheDocumentSays() {
        String admin = promotedToAdmin();
        UUID forever = idOf(Api.verified());
        UUID forAWeek = idOf(Api.verified());
        Instant until = clock.instant().plus(Duration.ofDays(7));
        Api.as(admin).contentType(ContentType.JSON).body(Map.of("reason", "spam"))
                .post("/api/v1/admin/users/" + forever + "/ban").then().statusCode(204);
        Api.as(admin).contentType(ContentType.JSON).body(Map.of("reason", "spam", "until", until.toString()))
                .post("/api/v1/admin/users/" + forAWeek + "/ban").then().statusCode(204);

        JsonNode permanent = answer("get", "/api/v1/admin/users/{id}", 200,
                Api.as(admin).get("/api/v1/admin/users/" + forever));
        assertTrue(permanent.path("banned_at").isTextual() && permanent.path("banned_until").isNull(),
                permanent.toString());
        JsonNode weekLong = answer("get", "/api/v1/admin/users/{id}", 200,
                Api.as(admin).get("/api/v1/admin/users/" + forAWeek));
        assertTrue(weekLong.path("banned_until").isTextual(), weekLong.toString());
        for (UUID banned : List.of(forever, forAWeek)) {
            String username = (String) Db.single(dataSource, "SELECT username FROM users WHERE id = ?", banned);
            JsonNode page = answer("get", "/api/v1/admin/users", 200,
                    Api.as(admin).queryParam("q", username).get("/api/v1/admin/users"));
            assertTrue(page.path("items").get(0).path("banned").asBoolean(), page.toString());
        }
        answer("get", "/api/v1/admin/users", 200, Api.as(admin).queryParam("size", 100).get("/api/v1/admin/users"));
        answer("patch", "/api/v1/admin/users/{id}", 200, Api.as(admin).contentType(ContentType.JSON)
                .body(Map.of("email_verified", false)).patch("/api/v1/admin/users/" + forAWeek));

        JsonNode serviceKey = answer("post", "/api/v1/admin/service-keys", 201, Api.as(admin)
                .contentType(ContentType.JSON).body(Map.of("name", "nightly export"))
                .post("/api/v1/admin/service-keys"));
        assertTrue(serviceKey.path("key").isTextual(), serviceKey.toString());
        answer("get", "/api/v1/admin/service-keys", 200, Api.as(admin).get("/api/v1/admin/service-keys"));
        answer("post", "/api/v1/admin/invites", 201, Api.as(admin).contentType(ContentType.JSON)
                .body(Map.of("email", Api.newUser().email())).post("/api/v1/admin/invites"));

        // Other tests move the clock ahead, so this test's rows need not be among the newest: page on.
        assertTrue(somePageHasMemberNull(admin, "/api/v1/admin/security-events", Map.of("type", "apikey.created"),
                "user_id"), "a service key's creation is about no user");
        assertTrue(somePageHasMemberNull(admin, "/api/v1/admin/outbox", Map.of(), "user_id"),
                "an invitation's mail is to no user yet");

        assertEquals(List.of(), differences, "answers that differ from the OpenAPI document");
    }

    /** The checker is what the tests above stand on: it must refuse what the document does not say. */
    @Test
    void theCheckerRefusesAnswersTheDocumentDoesNotDescribe() {
        TestUser user = Api.verified();
        JsonNode me = readTree(Api.as(Api.accessToken(user)).get("/api/v1/me")
                .then().statusCode(200).extract().asString());
        JsonNode userResponse = JSON.createObjectNode().put("$ref", "#/components/schemas/UserResponse");
        assertEquals(List.of(), checker.check(me, userResponse));

        assertRefused(checker, withMember(me, "username", null), userResponse, "$.username: null is not of type");
        ObjectNode withoutEmail = me.deepCopy();
        withoutEmail.remove("email");
        assertRefused(checker, withoutEmail, userResponse, "$.email: required, but not on the wire");
        assertRefused(checker, withMember(me, "password_hash", "x"), userResponse,
                "$.password_hash: on the wire, but not");
        ObjectNode badAccount = me.deepCopy();
        ((ObjectNode) badAccount.get("account")).put("created_at", "yesterday");
        assertRefused(checker, badAccount, userResponse, "$.account.created_at: \"yesterday\" is not a date-time");

        // A member the document calls never null that is null on the wire: display_name without its "null".
        ObjectNode strict = document.deepCopy();
        ((ObjectNode) strict.at("/components/schemas/UserResponse/properties")).set("display_name",
                JSON.createObjectNode().put("type", "string"));
        assertRefused(new SchemaChecker(strict), me, userResponse, "$.display_name: null is not of type \"string\"");
        // The same for a nullable reference: last_login_at as a plain Instant.
        ((ObjectNode) strict.at("/components/schemas/UserResponse/properties")).set("last_login_at",
                JSON.createObjectNode().put("$ref", "#/components/schemas/Instant"));
        assertRefused(new SchemaChecker(strict), withMember(me, "last_login_at", null), userResponse,
                "$.last_login_at: null is not of type \"string\"");

        JsonNode loginResponse = JSON.createObjectNode().put("$ref", "#/components/schemas/LoginResponse");
        JsonNode neither = JSON.createObjectNode().put("mfa_required", true).put("access_token", "x");
        assertRefused(checker, neither, loginResponse, "$: matches 0 of the oneOf options");
        JsonNode jwk = JSON.createObjectNode().put("$ref", "#/components/schemas/JsonWebKey");
        JsonNode rsa = JSON.createObjectNode().put("kty", "RSA").put("kid", "k").put("use", "sig").put("alg", "ES256")
                .put("x", "x").put("y", "y").put("crv", "P-256");
        assertRefused(checker, rsa, jwk, "$.kty: \"RSA\" is not one of [\"EC\"]");
    }

    private static void assertRefused(SchemaChecker checker, JsonNode value, JsonNode schema, String expected) {
        List<String> errors = checker.check(value, schema);
        assertTrue(errors.stream().anyMatch(error -> error.startsWith(expected)),
                "expected " + expected + " in " + errors);
    }

    private static ObjectNode withMember(JsonNode object, String name, String value) {
        ObjectNode copy = object.deepCopy();
        if (value == null) {
            copy.putNull(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /**
     * Checks one real answer against what the document says {@code method template} answers with
     * {@code status}, noting any difference; returns the answer.
     */
    private JsonNode answer(String method, String template, int status, Response response) {
        String body = response.then().statusCode(status).extract().asString();
        JsonNode schema = document.path("paths").path(template).path(method).path("responses")
                .path(String.valueOf(status)).path("content").path("application/json").path("schema");
        assertFalse(schema.isMissingNode(), method + " " + template + " documents no JSON answer " + status);
        JsonNode answer = readTree(body);
        checker.check(answer, schema)
                .forEach(difference -> differences.add(method.toUpperCase() + " " + template + " " + difference));
        return answer;
    }

    /** Checks every page of a list against the document until one has an item whose member is null. */
    private boolean somePageHasMemberNull(String admin, String path, Map<String, String> query, String member) {
        for (int page = 0; page < 100; page++) {
            JsonNode answer = answer("get", path, 200,
                    Api.as(admin).queryParams(query).queryParam("size", 100).queryParam("page", page).get(path));
            if (hasMemberNull(answer.path("items"), member)) {
                return true;
            }
            if (page + 1 >= answer.path("total_pages").asInt()) {
                return false;
            }
        }
        return false;
    }

    private static boolean hasMemberNull(JsonNode items, String member) {
        for (JsonNode item : items) {
            if (item.path(member).isNull()) {
                return true;
            }
        }
        return false;
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** A verified user made an admin in the database (as an operator would), logged in afresh. */
    private String promotedToAdmin() {
        TestUser user = Api.verified();
        Db.update(dataSource, "UPDATE users SET roles = 'user,admin' WHERE username = ?", user.username());
        return Api.accessToken(user);
    }

    private UUID idOf(TestUser user) {
        return (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username());
    }

    /** The RFC 6238 code of the application clock's current 30-second step. */
    private String totp(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES)
                    .putLong(Math.floorDiv(clock.instant().getEpochSecond(), 30)).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return bytes.array();
    }
}
