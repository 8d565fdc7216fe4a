package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Problems.assertInvalidField;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(AdminTestProfile.class)
class InviteTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Test
    void anInviteMailsALinkAndRegisteringWithItVerifiesTheAddress() {
        Admins.Person admin = Admins.admin(dataSource);
        TestUser invited = newUser();

        JsonPath created = as(admin.token()).contentType(ContentType.JSON).body(Map.of("email", invited.email()))
                .post("/api/v1/admin/invites")
                .then().statusCode(201)
                .body("email", equalTo(invited.email()))
                .body("id", notNullValue())
                .extract().jsonPath();
        String id = created.getString("id");
        Duration validFor = Duration.between(clock.instant(), Instant.parse(created.getString("expires_at")));
        assertTrue(validFor.compareTo(Duration.ofDays(6)) > 0 && validFor.compareTo(Duration.ofDays(7)) <= 0, validFor.toString());
        String token = Mailbox.awaitOne(invited.email(), "invited").token("/accept-invite");

        Map<String, Object> body = body(invited);
        body.put("invite_token", token);
        register(body).then().statusCode(202);

        assertEquals(Boolean.TRUE, Db.single(dataSource, "SELECT email_verified FROM users WHERE username = ?",
                invited.username()));
        assertTrue(Outbox.to(dataSource, invited.email()).stream().noneMatch(m -> m.template().equals("verify-email")));
        assertNotNull(Db.single(dataSource, "SELECT accepted_at FROM invites WHERE id = ?::uuid", id));
        Api.login(invited).getString("access_token");
    }

    @Test
    void anInviteForAnotherAddressIsIgnoredInOpenMode() {
        Admins.Person admin = Admins.admin(dataSource);
        TestUser invited = newUser();
        TestUser other = newUser();
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("email", invited.email()))
                .post("/api/v1/admin/invites").then().statusCode(201);
        String token = Mailbox.awaitOne(invited.email(), "invited").token("/accept-invite");

        Map<String, Object> body = body(other);
        body.put("invite_token", token);
        register(body).then().statusCode(202);

        assertEquals(Boolean.FALSE, Db.single(dataSource, "SELECT email_verified FROM users WHERE username = ?",
                other.username()));
        assertEquals(null, Db.single(dataSource, "SELECT accepted_at FROM invites WHERE lower(email) = lower(?)",
                invited.email()));
    }

    @Test
    void theLinkPageShowsARegistrationFormThatRegisters() {
        Admins.Person admin = Admins.admin(dataSource);
        TestUser invited = newUser();
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("email", invited.email()))
                .post("/api/v1/admin/invites").then().statusCode(201);
        String token = Mailbox.awaitOne(invited.email(), "invited").token("/accept-invite");

        given().queryParam("token", token).get("/accept-invite")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("method=\"post\""))
                .body(containsString(invited.email()));
        given().contentType(ContentType.URLENC).formParam("token", token).formParam("username", invited.username())
                .formParam("password", "short")
                .post("/accept-invite")
                .then().statusCode(400)
                .body(containsString("password"));
        given().contentType(ContentType.URLENC).formParam("token", token).formParam("username", invited.username())
                .formParam("password", invited.password())
                .post("/accept-invite")
                .then().statusCode(200)
                .body(containsString("account is ready"));

        Api.login(invited);
        given().queryParam("token", token).get("/accept-invite").then().statusCode(400);
    }

    @Test
    void invitesNeedAnAddress() {
        Admins.Person admin = Admins.admin(dataSource);

        assertInvalidField(as(admin.token()).contentType(ContentType.JSON).body(Map.of("email", "not-an-address"))
                .post("/api/v1/admin/invites"), "email");
        assertInvalidField(as(admin.token()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/admin/invites"), "email");
    }

    static Map<String, Object> body(TestUser user) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", user.username());
        body.put("email", user.email());
        body.put("password", user.password());
        return body;
    }

    static io.restassured.response.Response register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register");
    }
}
