package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.register;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(AdminTestProfile.class)
class AdminUsersTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Test
    void searchMatchesASubstringOfUsernameEmailOrDisplayNameInAnyCase() {
        Admins.Person admin = Admins.admin(dataSource);
        TestUser target = newUser();
        register(target);
        String middle = target.username().substring(3, 9).toUpperCase();

        JsonPath page = as(admin.token()).queryParam("q", middle).get("/api/v1/admin/users")
                .then().statusCode(200)
                .extract().jsonPath();

        assertTrue(page.getList("items.username").contains(target.username()), page.prettify());
        assertEquals(0, page.getInt("page"));
        assertEquals(20, page.getInt("size"));
        assertTrue(page.getLong("total_items") >= 1);
        assertFalse(page.prettify().contains("password"), "no hashes in lists");
    }

    @Test
    void substringSearchHasATrigramIndex() {
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM pg_indexes"
                + " WHERE indexname = 'users_search_trgm_idx'")).longValue(),
                "the embedded PostgreSQL ships pg_trgm, so V9 creates the index");
    }

    @Test
    void filtersByRoleAndVerifiedAndSortsByAllowedKeysOnly() {
        Admins.Person admin = Admins.admin(dataSource);

        List<String> admins = as(admin.token()).queryParam("role", "admin").queryParam("size", 100)
                .get("/api/v1/admin/users")
                .then().statusCode(200)
                .extract().jsonPath().getList("items.username");
        assertTrue(admins.contains(admin.user().username()));
        List<String> verified = as(admin.token()).queryParam("verified", "true").queryParam("q", admin.user().username())
                .get("/api/v1/admin/users")
                .then().statusCode(200)
                .extract().jsonPath().getList("items.username");
        assertEquals(List.of(admin.user().username()), verified);
        TestUser newcomer = Api.registered();
        for (String flag : List.of("false", "true")) {
            List<String> found = as(admin.token()).queryParam("verified", flag).queryParam("q", newcomer.username())
                    .get("/api/v1/admin/users")
                    .then().statusCode(200)
                    .extract().jsonPath().getList("items.username");
            assertEquals(flag.equals("false") ? List.of(newcomer.username()) : List.of(), found, "verified=" + flag);
        }

        List<String> byName = as(admin.token()).queryParam("sort", "username").queryParam("size", 100)
                .get("/api/v1/admin/users")
                .then().statusCode(200)
                .extract().jsonPath().getList("items.username");
        assertEquals(byName.stream().sorted().toList(), byName);

        assertInvalidField(as(admin.token()).queryParam("sort", "password_hash").get("/api/v1/admin/users"), "sort");
        assertInvalidField(as(admin.token()).queryParam("status", "gone").get("/api/v1/admin/users"), "status");
        assertInvalidField(as(admin.token()).queryParam("tier", "gold").get("/api/v1/admin/users"), "tier");
        assertInvalidField(as(admin.token()).queryParam("size", 101).get("/api/v1/admin/users"), "size");
    }

    @Test
    void detailShowsAccountLockoutAndBanButNeverThePin() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.admin(dataSource);
        Db.update(dataSource, "UPDATE users SET failed_attempts = 3, admin_pin_hash = 'x' WHERE id = ?", target.id());

        String body = as(admin.token()).get("/api/v1/admin/users/" + target.id())
                .then().statusCode(200)
                .body("id", equalTo(target.id().toString()))
                .body("username", equalTo(target.user().username()))
                .body("account.account_status", equalTo("active"))
                .body("failed_attempts", equalTo(3))
                .body("locked_until", nullValue())
                .body("banned_until", nullValue())
                .body("ban_reason", nullValue())
                .body("check_in.status", equalTo("disabled"))
                .extract().asString();

        assertFalse(body.toLowerCase().contains("pin"), body);
        assertFalse(body.contains("password"), body);
    }

    @Test
    void patchChangesVerificationAndSubscriptionAndRefusesAnythingElse() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);

        as(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("email_verified", true, "account", Map.of("subscription_type", "premium",
                        "subscription_end_date", "2027-01-01T00:00:00Z", "bill_renew_date", "2026-12-01T00:00:00Z")))
                .patch("/api/v1/admin/users/" + target.id())
                .then().statusCode(200)
                .body("email_verified", equalTo(true))
                .body("account.subscription_type", equalTo("premium"))
                .body("account.subscription_end_date", equalTo("2027-01-01T00:00:00Z"))
                .body("account.bill_renew_date", equalTo("2026-12-01T00:00:00Z"));

        Response refused = as(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("email_verified", false, "password", "new one", "account", Map.of("auto_renewal", true)))
                .patch("/api/v1/admin/users/" + target.id());
        assertProblem(refused, 400, "validation-failed")
                .body("errors.field", hasItem("password"))
                .body("errors.field", hasItem("account.auto_renewal"));
        assertEquals(Boolean.TRUE, Db.single(dataSource, "SELECT email_verified FROM users WHERE id = ?", target.id()),
                "nothing changed");
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events WHERE user_id = ?"
                + " AND type = 'profile.updated' AND actor_id = ?", target.id(), admin.id())).longValue());
    }

    @Test
    void onlyASuperuserChangesRolesAndTheOldTokenDiesAtOnce() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person superuser = Admins.superuser(dataSource);
        Admins.Person target = Admins.user(dataSource);
        Map<String, Object> promote = Map.of("roles", List.of("user", "admin"));

        assertProblem(as(admin.token()).contentType(ContentType.JSON).body(promote)
                .patch("/api/v1/admin/users/" + target.id()), 403, "forbidden");

        as(superuser.token()).contentType(ContentType.JSON).body(promote)
                .patch("/api/v1/admin/users/" + target.id())
                .then().statusCode(200)
                .body("roles", containsInAnyOrder("user", "admin"));

        assertUnauthorized(Sessions.me(target.token()));
        as(dev.vigil.support.Api.accessToken(target.user())).get("/api/v1/admin/users").then().statusCode(200);
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events WHERE user_id = ?"
                + " AND type = 'admin.role-changed' AND actor_id = ?", target.id(), superuser.id())).longValue());
        String payload = (String) Db.single(dataSource, "SELECT payload::text FROM outbox WHERE kind = 'webhook'"
                + " AND template = 'admin.role-changed' AND payload::text LIKE ?", "%" + target.id() + "%");
        assertTrue(payload.contains(target.user().username()), payload);
    }

    @Test
    void aSuperuserCannotDemoteThemself() {
        Admins.Person superuser = Admins.superuser(dataSource);

        assertProblem(as(superuser.token()).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .patch("/api/v1/admin/users/" + superuser.id()), 403, "forbidden");

        as(superuser.token()).get("/api/v1/me").then().statusCode(200)
                .body("roles", hasItem("superuser"));
    }

    @Test
    void aUserTokenOnEveryAdminIdRouteIs403AndChangesNothing() {
        Admins.Person attacker = Admins.user(dataSource);
        Admins.Person victim = Admins.user(dataSource);
        String base = "/api/v1/admin/users/" + victim.id();

        assertProblem(as(attacker.token()).get(base), 403, "forbidden");
        assertProblem(as(attacker.token()).contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .patch(base), 403, "forbidden");
        assertProblem(as(attacker.token()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post(base + "/ban"), 403, "forbidden");
        for (String action : List.of("/unban", "/unlock", "/reauthorize")) {
            assertProblem(as(attacker.token()).post(base + action), 403, "forbidden");
        }
        assertProblem(as(attacker.token()).delete(base), 403, "forbidden");

        as(victim.token()).get("/api/v1/me").then().statusCode(200)
                .body("roles", not(hasItem("admin")));
    }

    @Test
    void reauthorizeTurnsAReleasedAccountActiveAndRefusesOthers() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        String path = "/api/v1/admin/users/" + target.id() + "/reauthorize";

        assertProblem(as(admin.token()).post(path), 409, "invalid-state-transition");

        Db.update(dataSource, "UPDATE accounts SET account_status = 'fulfilled' WHERE user_id = ?", target.id());
        as(admin.token()).post(path).then().statusCode(204);

        assertEquals("active", Db.single(dataSource, "SELECT account_status FROM accounts WHERE user_id = ?", target.id()));
        assertEquals(admin.id(), Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'account.reauthorized'", target.id()));
    }

    @Test
    void unlockClearsTheLockAndRecordsIt() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        Db.update(dataSource, "UPDATE users SET failed_attempts = 5, lock_level = 1, locked_until = ? WHERE id = ?",
                clock.instant().plus(Duration.ofHours(1)), target.id());

        as(admin.token()).post("/api/v1/admin/users/" + target.id() + "/unlock").then().statusCode(204);

        List<Map<String, Object>> row = Db.query(dataSource, "SELECT failed_attempts, locked_until FROM users"
                + " WHERE id = ?", target.id());
        assertEquals(0, row.get(0).get("failed_attempts"));
        assertEquals(null, row.get(0).get("locked_until"));
        assertEquals(admin.id(), Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'account.unlocked'", target.id()));
    }

    @Test
    void deleteRemovesTheUserAndKillsTheirTokensButNotOnYourself() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);

        assertProblem(as(admin.token()).delete("/api/v1/admin/users/" + admin.id()), 403, "forbidden");
        as(admin.token()).delete("/api/v1/admin/users/" + target.id()).then().statusCode(204);

        assertUnauthorized(Sessions.me(target.token()));
        assertEquals(0L, ((Number) Db.single(dataSource, "SELECT count(*) FROM users WHERE id = ?", target.id())).longValue());
        assertEquals(admin.id(), Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'user.deleted'", target.id()));
        assertProblem(as(admin.token()).get("/api/v1/admin/users/" + target.id()), 404, "not-found");
    }

    @Test
    void anAdminCannotActOnAnotherAdminButASuperuserCan() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person other = Admins.admin(dataSource);
        Admins.Person superuser = Admins.superuser(dataSource);

        assertProblem(as(admin.token()).contentType(ContentType.JSON).body(Map.of("reason", "rival"))
                .post("/api/v1/admin/users/" + other.id() + "/ban"), 403, "forbidden");
        as(superuser.token()).contentType(ContentType.JSON).body(Map.of("reason", "rogue admin"))
                .post("/api/v1/admin/users/" + other.id() + "/ban")
                .then().statusCode(204);
    }

    @Test
    void securityEventsListIsPagedAndFilteredWithUserAndActor() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("reason", "spam"))
                .post("/api/v1/admin/users/" + target.id() + "/ban").then().statusCode(204);

        as(admin.token()).queryParam("user_id", target.id().toString()).queryParam("type", "user.banned")
                .queryParam("since", "2020-01-01T00:00:00Z")
                .get("/api/v1/admin/security-events")
                .then().statusCode(200)
                .body("total_items", equalTo(1))
                .body("items[0].user_id", equalTo(target.id().toString()))
                .body("items[0].actor_id", equalTo(admin.id().toString()))
                .body("items[0].detail.reason", equalTo("spam"));

        assertInvalidField(as(admin.token()).queryParam("user_id", "nope").get("/api/v1/admin/security-events"), "user_id");
        assertInvalidField(as(admin.token()).queryParam("type", "made.up").get("/api/v1/admin/security-events"), "type");
        assertInvalidField(as(admin.token()).queryParam("since", "yesterday").get("/api/v1/admin/security-events"), "since");
    }

    @Test
    void outboxListAndRetryOfADeadMessage() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        Db.update(dataSource, "UPDATE outbox SET status = 'dead', attempts = 8 WHERE user_id = ?", target.id());
        Object id = Db.single(dataSource, "SELECT id FROM outbox WHERE user_id = ? LIMIT 1", target.id());

        as(admin.token()).queryParam("status", "dead").queryParam("size", 100).get("/api/v1/admin/outbox")
                .then().statusCode(200)
                .body("items.id", hasItem(id.toString()));
        as(admin.token()).post("/api/v1/admin/outbox/" + id + "/retry").then().statusCode(204);

        assertTrue(List.of("pending", "sending", "sent").contains(
                Db.single(dataSource, "SELECT status FROM outbox WHERE id = ?", id)));
        assertInvalidField(as(admin.token()).queryParam("status", "lost").get("/api/v1/admin/outbox"), "status");
    }
}
