package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SigningKeySnapshot;
import dev.vigil.auth.SigningKeys;
import dev.vigil.support.Jwts;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** POST /api/v1/admin/signing-keys/rotate: superusers only, with their PIN. */
@QuarkusTest
@TestProfile(AdminTestProfile.class)
class SigningKeyRotationEndpointTest {

    private static final String PIN = "604817";
    private static final String ROTATE = "/api/v1/admin/signing-keys/rotate";

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    SigningKeys keys;

    private SigningKeySnapshot before;

    @BeforeEach
    void keepTheStoredKeys() {
        before = SigningKeySnapshot.take(dataSource);
    }

    @AfterEach
    void resetClockAndKeys() {
        clock.reset();
        before.restore(keys);
    }

    @Test
    void usersAndAdminsWhoAreNotSuperusersCannotRotate() {
        List<String> before = publishedKids();

        assertEquals(403, as(Admins.user(dataSource).token()).post(ROTATE).statusCode());
        assertEquals(403, as(Admins.admin(dataSource).token()).post(ROTATE).statusCode());
        assertEquals(401, given().post(ROTATE).statusCode());

        assertEquals(before, publishedKids());
    }

    @Test
    void aSuperuserWithAPinMustSendIt() {
        Admins.Person superuser = Admins.superuser(dataSource);
        setPin(superuser);
        List<String> before = publishedKids();

        assertProblem(as(superuser.token()).post(ROTATE), 403, "admin-pin-required");
        assertProblem(as(superuser.token()).header("X-Admin-Pin", "000000").post(ROTATE), 403, "admin-pin-required");

        assertEquals(before, publishedKids());
    }

    @Test
    void aRotationPublishesTheNewKeyAtOnceAndItSignsAfterThePublicationDelay() {
        Admins.Person superuser = Admins.superuser(dataSource);
        setPin(superuser);
        JsonPath rotated = rotate(superuser);
        if (rotated == null) {
            // A key from an earlier rotation is still waiting: once it signs, rotate again.
            JsonPath waiting = as(superuser.token()).header("X-Admin-Pin", PIN).post(ROTATE).then().statusCode(200)
                    .extract().jsonPath();
            clock.advance(Duration.between(clock.instant(), Instant.parse(waiting.getString("signs_from"))).plusSeconds(1));
            superuser = relogin(superuser);
            rotated = rotate(superuser);
        }
        Instant asked = clock.instant();
        String kid = rotated.getString("kid");
        String replaced = rotated.getString("replaces_kid");
        Instant signsFrom = Instant.parse(rotated.getString("signs_from"));

        assertTrue(publishedKids().containsAll(List.of(kid, replaced)), publishedKids()::toString);
        assertTrue(Math.abs(Duration.between(asked.plus(Duration.ofMinutes(10)), signsFrom).toSeconds()) <= 5, signsFrom::toString);
        assertEquals(replaced, kidOf(login(superuser.user()).getString("access_token")), "the old key signs until then");
        JsonPath again = as(superuser.token()).header("X-Admin-Pin", PIN).post(ROTATE).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(kid, again.getString("kid"), "asking again answers with the key that waits");

        clock.advance(Duration.between(clock.instant(), signsFrom).plusSeconds(1));

        String token = login(superuser.user()).getString("access_token");
        assertEquals(kid, kidOf(token));
        as(token).get("/api/v1/me").then().statusCode(200);
        assertFalse(kid.equals(replaced));
    }

    /** The new key, or null when an earlier one still waits (200). */
    private JsonPath rotate(Admins.Person superuser) {
        Response response = as(superuser.token()).header("X-Admin-Pin", PIN).post(ROTATE);
        if (response.statusCode() == 200) {
            return null;
        }
        assertEquals(201, response.statusCode(), response.asString());
        return response.jsonPath();
    }

    private static Admins.Person relogin(Admins.Person person) {
        return new Admins.Person(person.user(), person.id(), login(person.user()).getString("access_token"));
    }

    private static void setPin(Admins.Person person) {
        as(person.token()).contentType(ContentType.JSON)
                .body(Map.of("password", person.user().password(), "pin", PIN))
                .put("/api/v1/me/admin-pin").then().statusCode(204);
    }

    private static List<String> publishedKids() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private static String kidOf(String token) {
        return Jwts.header(token).getString("kid");
    }
}
