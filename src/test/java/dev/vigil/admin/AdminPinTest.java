package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(AdminTestProfile.class)
class AdminPinTest {

    private static final String PIN = "482913";

    @Inject
    DataSource dataSource;

    @Test
    void withAPinEveryWriteOnAnotherUserNeedsItAndMissingOrWrongLookTheSame() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        setPin(admin, PIN).then().statusCode(204);
        String hash = (String) Db.single(dataSource, "SELECT admin_pin_hash FROM users WHERE id = ?", admin.id());
        assertNotEquals(PIN, hash);

        Response missing = unlock(admin, target, null);
        Response wrong = unlock(admin, target, "000000");
        assertProblem(missing, 403, "admin-pin-required");
        assertProblem(wrong, 403, "admin-pin-required");
        assertEquals(missing.jsonPath().getString("detail"), wrong.jsonPath().getString("detail"));
        assertEquals(missing.jsonPath().getString("title"), wrong.jsonPath().getString("title"));
        assertProblem(as(admin.token()).contentType(ContentType.JSON).body(Map.of("email_verified", true))
                .patch("/api/v1/admin/users/" + target.id()), 403, "admin-pin-required");
        assertProblem(as(admin.token()).delete("/api/v1/admin/users/" + target.id()), 403, "admin-pin-required");
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE id = ?", target.id())).longValue());

        unlock(admin, target, PIN).then().statusCode(204);
        as(admin.token()).get("/api/v1/admin/users/" + target.id()).then().statusCode(200);
    }

    @Test
    void wrongPinsNeverCountAgainstTheAdminsLogin() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        setPin(admin, PIN).then().statusCode(204);

        for (int i = 0; i < 12; i++) {
            assertProblem(unlock(admin, target, "11112222"), 403, "admin-pin-required");
        }

        given().contentType(ContentType.JSON)
                .body(Map.of("login", admin.user().username(), "password", admin.user().password()))
                .post("/api/v1/auth/login").then().statusCode(200);
        assertEquals(0L, ((Number) Db.single(dataSource,
                "SELECT count(*) FROM security_events WHERE user_id = ? AND type = 'login.failed'", admin.id())).longValue());
    }

    @Test
    void anAdminWriteOnThemselvesNeedsThePinToo() {
        Admins.Person admin = Admins.admin(dataSource);
        setPin(admin, PIN).then().statusCode(204);

        assertProblem(unlock(admin, admin, null), 403, "admin-pin-required");
        unlock(admin, admin, PIN).then().statusCode(204);
    }

    @Test
    void anAdminScopedKeyNeedsItsOwnersPin() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        setPin(admin, PIN).then().statusCode(204);
        String key = as(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "admin tools", "scopes", List.of("admin")))
                .post("/api/v1/me/api-keys").then().statusCode(201).extract().path("key");

        assertProblem(as(key).post("/api/v1/admin/users/" + target.id() + "/unlock"), 403, "admin-pin-required");
        as(key).header("X-Admin-Pin", PIN).post("/api/v1/admin/users/" + target.id() + "/unlock").then().statusCode(204);
    }

    @Test
    void thePinIsNeverShownAndCanBeRemovedWithThePassword() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        setPin(admin, PIN).then().statusCode(204);

        String me = as(admin.token()).get("/api/v1/me").then().statusCode(200).extract().asString();
        String detail = as(admin.token()).get("/api/v1/admin/users/" + admin.id()).then().statusCode(200)
                .extract().asString();
        assertFalse(me.toLowerCase().contains("pin"), me);
        assertFalse(detail.toLowerCase().contains("pin"), detail);

        assertProblem(as(admin.token()).contentType(ContentType.JSON).body(Map.of("password", "not my password at all"))
                .delete("/api/v1/me/admin-pin"), 400, "wrong-password");
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("password", admin.user().password()))
                .delete("/api/v1/me/admin-pin").then().statusCode(204);

        unlock(admin, target, null).then().statusCode(204);
    }

    @Test
    void settingAPinNeedsThePasswordSixToTwelveDigitsAndTheAdminRole() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person user = Admins.user(dataSource);

        assertInvalidField(setPin(admin, "12a456"), "pin");
        assertInvalidField(setPin(admin, "1234"), "pin");
        assertInvalidField(setPin(admin, "12345"), "pin");
        assertInvalidField(setPin(admin, "1234567890123"), "pin");
        assertInvalidField(setPin(admin, "１２３４５６"), "pin");
        assertProblem(as(admin.token()).contentType(ContentType.JSON).body(Map.of("password", "wrong wrong wrong", "pin", PIN))
                .put("/api/v1/me/admin-pin"), 400, "wrong-password");
        assertProblem(setPin(user, PIN), 403, "forbidden");
        assertProblem(as(user.token()).contentType(ContentType.JSON).body(Map.of("password", user.user().password()))
                .delete("/api/v1/me/admin-pin"), 403, "forbidden");
        assertEquals(null, Db.single(dataSource, "SELECT admin_pin_hash FROM users WHERE id = ?", admin.id()));
        assertEquals(null, Db.single(dataSource, "SELECT admin_pin_hash FROM users WHERE id = ?", user.id()));

        setPin(admin, "000000").then().statusCode(204);
        setPin(admin, "123456789012").then().statusCode(204);
    }

    private static Response setPin(Admins.Person person, String pin) {
        return as(person.token()).contentType(ContentType.JSON)
                .body(Map.of("password", person.user().password(), "pin", pin))
                .put("/api/v1/me/admin-pin");
    }

    private static Response unlock(Admins.Person admin, Admins.Person target, String pin) {
        var request = as(admin.token());
        if (pin != null) {
            request = request.header("X-Admin-Pin", pin);
        }
        return request.post("/api/v1/admin/users/" + target.id() + "/unlock");
    }
}
