package dev.vigil.user;

import static dev.vigil.support.Api.PASSWORD;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertBadRequest;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Outbox;
import dev.vigil.support.Outbox.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class RegistrationTest {

    /** From src/main/resources/password/common-passwords.txt, long enough to pass the length rule. */
    private static final String COMMON_PASSWORD = "qwerty123456";

    @Inject
    DataSource dataSource;

    @Test
    void newUserIsAcceptedWithAMessage() {
        TestUser user = newUser();
        register(body(user))
                .then().statusCode(202)
                .contentType(startsWith("application/json"))
                .body("message", not(emptyOrNullString()));
    }

    @Test
    void knownEmailInAnyCaseGetsTheSameAnswerAsANewOne() {
        TestUser owner = registered();
        TestUser fresh = newUser();
        TestUser impostor = new TestUser(newUser().username(), owner.email().toUpperCase(Locale.ROOT), PASSWORD);

        Response forNew = register(body(fresh));
        Response forKnown = register(body(impostor));

        assertEquals(202, forNew.statusCode());
        assertEquals(forNew.statusCode(), forKnown.statusCode());
        assertEquals(forNew.asString(), forKnown.asString());
        assertEquals(forNew.contentType(), forKnown.contentType());
    }

    @Test
    void newUserCanLogInUnverifiedWithAFreeActiveAccount() {
        TestUser user = newUser();
        TestUser shouting = new TestUser(user.username().toUpperCase(Locale.ROOT), user.email(), user.password());
        register(body(shouting)).then().statusCode(202);

        Api.as(accessToken(user)).get("/api/v1/me")
                .then().statusCode(200)
                .body("username", equalTo(user.username()))
                .body("email", equalTo(user.email()))
                .body("email_verified", equalTo(false))
                .body("pending_email", equalTo(null))
                .body("account.subscription_type", equalTo("free"))
                .body("account.account_status", equalTo("active"));
    }

    @Test
    void newUserIsSentAVerificationMail() {
        TestUser user = registered();

        List<Message> queued = Outbox.aboutUser(dataSource, user.username());
        assertTrue(queued.stream().anyMatch(m -> m.template().equals("verify-email") && m.recipient().equals(user.email())
                && Outbox.LIVE_STATUSES.contains(m.status())), queued.toString());
        assertTrue(queued.stream().noneMatch(m -> m.template().equals("registration-attempt")), queued.toString());
    }

    @Test
    void knownEmailMailsItsOwnerANoticeAndCreatesNobody() {
        TestUser owner = registered();
        TestUser impostor = new TestUser(newUser().username(), owner.email().toLowerCase(Locale.ROOT), PASSWORD);

        register(body(impostor)).then().statusCode(202);

        List<Message> queued = Outbox.aboutUser(dataSource, owner.username());
        assertEquals(1, queued.stream().filter(m -> m.template().equals("registration-attempt")
                && m.recipient().equals(owner.email())).count(), queued.toString());
        assertEquals(1, queued.stream().filter(m -> m.template().equals("verify-email")).count(),
                "no second verification link: " + queued);
        assertEquals(1L, usersWithEmail(owner.email()));
        assertEquals(0L, usersNamed(impostor.username()));
        Api.as(accessToken(owner)).get("/api/v1/me").then().statusCode(200)
                .body("username", equalTo(owner.username()));
    }

    @Test
    void takenUsernameIs409() {
        TestUser owner = registered();
        TestUser second = new TestUser(owner.username(), newUser().email(), PASSWORD);

        assertProblem(register(body(second)), 409, "username-taken");
        assertEquals(0L, usersWithEmail(second.email()));
    }

    @Test
    void takenUsernameInAnotherCaseIs409() {
        TestUser owner = registered();
        TestUser second = new TestUser(owner.username().toUpperCase(Locale.ROOT), newUser().email(), PASSWORD);

        assertProblem(register(body(second)), 409, "username-taken");
        assertEquals(0L, usersWithEmail(second.email()));
        assertTrue(Outbox.to(dataSource, second.email()).isEmpty());
    }

    @Test
    void tooShortUsernameIsRefused() {
        assertRefused(with(newUser(), "username", "ab"), "username");
    }

    @Test
    void usernameWithCharactersOutsideTheAlphabetIsRefused() {
        assertRefused(with(newUser(), "username", "bad name!"), "username");
    }

    @Test
    void usernameLongerThan32IsRefused() {
        assertRefused(with(newUser(), "username", "a".repeat(33)), "username");
    }

    @Test
    void usernameOf32CharactersIsAccepted() {
        TestUser base = newUser();
        String longest = (base.username() + "x".repeat(32)).substring(0, 32);
        register(with(base, "username", longest)).then().statusCode(202);
        assertEquals(1L, usersNamed(longest));
    }

    @Test
    void malformedEmailIsRefused() {
        assertRefused(with(newUser(), "email", "not-an-email"), "email");
    }

    @Test
    void passwordOfElevenCharactersIsRefused() {
        assertRefused(with(newUser(), "password", "sv8#kLq2!xZ"), "password");
    }

    @Test
    void passwordOfTwelveCharactersIsAccepted() {
        TestUser user = newUser();
        TestUser withShortPassword = new TestUser(user.username(), user.email(), "sv8#kLq2!xZw");
        register(body(withShortPassword)).then().statusCode(202);
        Api.login(withShortPassword);
    }

    @Test
    void commonPasswordIsRefusedWhateverItsCase() {
        assertRefused(with(newUser(), "password", COMMON_PASSWORD), "password");
        assertRefused(with(newUser(), "password", COMMON_PASSWORD.toUpperCase(Locale.ROOT)), "password");
    }

    @Test
    void passwordContainingTheUsernameIsRefused() {
        TestUser user = newUser();
        assertRefused(with(user, "password", "tidal " + user.username().toUpperCase(Locale.ROOT) + " anchor"), "password");
    }

    @Test
    void passwordContainingTheEmailLocalPartIsRefused() {
        TestUser user = newUser();
        String localPart = user.email().substring(0, user.email().indexOf('@'));
        assertRefused(with(user, "password", "tidal " + localPart.toLowerCase(Locale.ROOT) + " anchor"), "password");
    }

    @Test
    void unknownTimezoneIsRefused() {
        assertRefused(with(newUser(), "timezone", "Mars/Olympus_Mons"), "timezone");
    }

    @Test
    void phoneNotInE164IsRefused() {
        assertRefused(with(newUser(), "phone", "0171 2345678"), "phone");
    }

    @Test
    void unknownContactMethodIsRefused() {
        assertRefused(with(newUser(), "preferred_contact_method", "pigeon"), "preferred_contact_method");
    }

    @Test
    void smsWithoutAPhoneIsRefused() {
        Map<String, Object> body = with(newUser(), "preferred_contact_method", "sms");
        Response response = register(body);
        assertProblem(response, 400, "validation-failed")
                .body("errors.field", hasItem(anyOf(equalTo("phone"), equalTo("preferred_contact_method"))));
        assertEquals(0L, usersNamed((String) body.get("username")));
    }

    @Test
    void optionalFieldsAreStored() {
        TestUser user = newUser();
        Map<String, Object> body = body(user);
        body.put("display_name", "Ada Lovelace");
        body.put("timezone", "Europe/Berlin");
        body.put("phone", "+14155550123");
        body.put("preferred_contact_method", "sms");
        register(body).then().statusCode(202);

        Api.as(accessToken(user)).get("/api/v1/me")
                .then().statusCode(200)
                .body("display_name", equalTo("Ada Lovelace"))
                .body("timezone", equalTo("Europe/Berlin"))
                .body("phone", equalTo("+14155550123"))
                .body("preferred_contact_method", equalTo("sms"));
    }

    @Test
    void unknownFieldIsRefusedAndNobodyIsRegistered() {
        Map<String, Object> body = with(newUser(), "roles", List.of("user", "admin"));
        assertBadRequest(register(body));
        assertEquals(0L, usersNamed((String) body.get("username")));
    }

    @Test
    void fieldOfTheWrongTypeIsRefusedAndNobodyIsRegistered() {
        TestUser user = newUser();
        for (Map<String, Object> body : List.of(
                with(user, "display_name", 42),
                with(user, "phone", 14155550123L),
                with(user, "timezone", true),
                with(user, "username", List.of(user.username())))) {
            assertBadRequest(register(body));
        }
        assertEquals(0L, usersWithEmail(user.email()));
    }

    @Test
    void malformedJsonIs400() {
        TestUser user = newUser();
        Response response = given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + user.username() + "\", \"email\": ")
                .post("/api/v1/auth/register");
        assertBadRequest(response);
        assertEquals(0L, usersNamed(user.username()));
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        TestUser user = newUser();
        Response response = given().contentType(ContentType.TEXT)
                .body("username=" + user.username() + "&email=" + user.email() + "&password=" + user.password())
                .post("/api/v1/auth/register");
        assertProblem(response, 415, "unsupported-media-type");
        assertEquals(0L, usersNamed(user.username()));
    }

    /** 400 validation-failed naming {@code field}, and no user was created. */
    private void assertRefused(Map<String, Object> body, String field) {
        assertProblem(register(body), 400, "validation-failed")
                .body("errors.field", hasItem(field));
        assertEquals(0L, usersNamed(((String) body.get("username")).toLowerCase(Locale.ROOT)));
    }

    private long usersNamed(String username) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE username = ?", username)).longValue();
    }

    private long usersWithEmail(String email) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)).longValue();
    }

    private static Map<String, Object> body(TestUser user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.username());
        body.put("email", user.email());
        body.put("password", user.password());
        return body;
    }

    private static Map<String, Object> with(TestUser user, String field, Object value) {
        Map<String, Object> body = body(user);
        body.put(field, value);
        return body;
    }

    private static Response register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register");
    }
}
