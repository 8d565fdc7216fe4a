package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static dev.vigil.support.Problems.assertUnauthorized;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(AdminTestProfile.class)
class BanTest {

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    AdminUserService adminUsers;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aBanEndsSessionsMailsTheUserAndRefusesLogin() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);

        ban(admin, target, Map.of("reason", "spam")).then().statusCode(204);

        assertUnauthorized(Sessions.me(target.token()));
        assertProblem(login(target), 403, "account-banned")
                .body("reason", org.hamcrest.Matchers.equalTo("spam"));
        Mailbox.ReceivedMail mail = Mailbox.awaitOne(target.user().email(), "suspended");
        assertTrue(mail.text().contains("spam"), mail.text());
        assertEquals(admin.id(), Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'user.banned'", target.id()));
        String hook = (String) Db.single(dataSource, "SELECT payload::text FROM outbox WHERE kind = 'webhook'"
                + " AND template = 'user.banned' AND payload::text LIKE ?", "%" + target.id() + "%");
        assertTrue(hook.contains(target.user().username()) && !hook.contains(target.user().email()), hook);
    }

    @Test
    void unbanLetsTheUserBackIn() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        ban(admin, target, Map.of("reason", "spam")).then().statusCode(204);

        as(admin.token()).post("/api/v1/admin/users/" + target.id() + "/unban").then().statusCode(204);

        login(target).then().statusCode(200);
        assertEquals(admin.id(), Db.single(dataSource, "SELECT actor_id FROM security_events WHERE user_id = ?"
                + " AND type = 'user.unbanned'", target.id()));
    }

    @Test
    void aTimedBanEndsByItselfAndIsRecordedWithoutActor() throws Throwable {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        Instant until = clock.instant().plus(Duration.ofHours(2));
        ban(admin, target, Map.of("reason", "cool down", "until", until.toString())).then().statusCode(204);
        assertProblem(login(target), 403, "account-banned");

        clock.advance(Duration.ofHours(3));
        VertxContextSupport.subscribeAndAwait(() -> adminUsers.expireBans());

        login(target).then().statusCode(200);
        assertNull(Db.single(dataSource, "SELECT banned_at FROM users WHERE id = ?", target.id()));
        assertEquals(1L, ((Number) Db.single(dataSource, "SELECT count(*) FROM security_events WHERE user_id = ?"
                + " AND type = 'user.unbanned' AND actor_id IS NULL", target.id())).longValue());
    }

    @Test
    void anEndGivenInNanosecondsIsKeptAndShownInMicroseconds() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);
        Instant until = clock.instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plusNanos(123_456_789);

        ban(admin, target, Map.of("reason", "cool down", "until", until.toString())).then().statusCode(204);

        String shown = as(admin.token()).get("/api/v1/admin/users/" + target.id()).then().statusCode(200)
                .extract().jsonPath().getString("banned_until");
        assertEquals(until.toString().replace(".123456789Z", ".123456Z"), shown);
        assertProblem(login(target), 403, "account-banned")
                .body("banned_until", org.hamcrest.Matchers.equalTo(shown));
    }

    @Test
    void banNeedsAReasonAFutureEndAndAnotherUser() {
        Admins.Person admin = Admins.admin(dataSource);
        Admins.Person target = Admins.user(dataSource);

        assertInvalidField(ban(admin, target, Map.of()), "reason");
        assertInvalidField(ban(admin, target, Map.of("reason", "x", "until", "2001-01-01T00:00:00Z")), "until");
        assertProblem(ban(admin, admin, Map.of("reason", "oops")), 403, "forbidden");
        login(admin).then().statusCode(200);
    }

    private static Response ban(Admins.Person admin, Admins.Person target, Map<String, Object> body) {
        return as(admin.token()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/admin/users/" + target.id() + "/ban");
    }

    private static Response login(Admins.Person person) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", person.user().username(), "password", person.user().password()))
                .post("/api/v1/auth/login");
    }
}
