package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Problems.assertInvalidField;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AdminTestProfile.class)
class ReferralTest {

    @Inject
    DataSource dataSource;

    @Test
    void everyUserHasTheirOwnCodeInMe() {
        Admins.Person one = Admins.user(dataSource);
        Admins.Person two = Admins.user(dataSource);

        String first = as(one.token()).get("/api/v1/me").then().statusCode(200).extract().jsonPath().getString("referral_code");
        String second = as(two.token()).get("/api/v1/me").then().statusCode(200).extract().jsonPath().getString("referral_code");

        assertTrue(first.matches("[0-9A-Z]{10}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void registeringWithACodeRecordsWhoReferredWhomForAdmins() {
        Admins.Person referrer = Admins.user(dataSource);
        Admins.Person admin = Admins.admin(dataSource);
        String code = as(referrer.token()).get("/api/v1/me").then().extract().jsonPath().getString("referral_code");
        TestUser newcomer = newUser();
        Map<String, Object> body = InviteTest.body(newcomer);
        body.put("referral_code", code.toLowerCase());

        InviteTest.register(body).then().statusCode(202);

        Object id = Db.single(dataSource, "SELECT id FROM users WHERE username = ?", newcomer.username());
        as(admin.token()).get("/api/v1/admin/users/" + id)
                .then().statusCode(200)
                .body("referred_by", equalTo(referrer.id().toString()))
                .body("referred_by_username", equalTo(referrer.user().username()));
    }

    @Test
    void anUnknownCodeIs400AndCreatesNobody() {
        TestUser newcomer = newUser();
        Map<String, Object> body = InviteTest.body(newcomer);
        body.put("referral_code", "NOSUCHCODE");

        assertInvalidField(InviteTest.register(body), "referral_code");

        assertEquals(0L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE username = ?",
                newcomer.username())).longValue());
    }
}
