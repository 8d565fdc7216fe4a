package dev.vigil.admin;

import static dev.vigil.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A user editing their profile from many tabs at once must never undo what an admin or their own
 * other session changed at the same moment: 20 parallel {@code PATCH /me} race a ban, a demotion and
 * a password change, and the change holds every round.
 */
@QuarkusTest
@TestProfile(AdminTestProfile.class)
class ConcurrentWritesTest {

    private static final int ROUNDS = 10;
    private static final int EDITS = 20;
    private static final String NEW_PASSWORD = "a brand new passphrase 77";
    private static final ExecutorService POOL = Executors.newFixedThreadPool(EDITS + 1);

    @Inject
    DataSource dataSource;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void aBanRacingProfileEditsAlwaysHolds() throws Exception {
        Admins.Person admin = Admins.admin(dataSource);
        for (int round = 0; round < ROUNDS; round++) {
            Admins.Person target = Admins.user(dataSource);
            String reason = "round " + round;

            List<Response> answers = race(target.token(), () -> as(admin.token()).contentType(ContentType.JSON)
                    .body(Map.of("reason", reason)).post("/api/v1/admin/users/" + target.id() + "/ban"));

            assertEquals(204, answers.get(0).statusCode(), "the ban");
            assertEditsAnsweredCleanly(answers);
            assertNotNull(Db.single(dataSource, "SELECT banned_at FROM users WHERE id = ?", target.id()), "round " + round);
            assertEquals(403, login(target.user().username(), target.user().password()).statusCode(), "round " + round);
        }
    }

    @Test
    void aDemotionRacingProfileEditsAlwaysHolds() throws Exception {
        Admins.Person superuser = Admins.superuser(dataSource);
        for (int round = 0; round < ROUNDS; round++) {
            Admins.Person target = Admins.admin(dataSource);

            List<Response> answers = race(target.token(), () -> as(superuser.token()).contentType(ContentType.JSON)
                    .body(Map.of("roles", List.of("user"))).patch("/api/v1/admin/users/" + target.id()));

            assertEquals(200, answers.get(0).statusCode(), "the demotion");
            assertEditsAnsweredCleanly(answers);
            assertEquals("user", Db.single(dataSource, "SELECT roles FROM users WHERE id = ?", target.id()), "round " + round);
            String fresh = Api.accessToken(target.user());
            assertEquals(403, as(fresh).get("/api/v1/admin/users").statusCode(), "round " + round);
        }
    }

    @Test
    void aPasswordChangeFromAnotherSessionRacingProfileEditsAlwaysHolds() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Admins.Person target = Admins.user(dataSource);
            String otherSession = Api.accessToken(target.user());

            List<Response> answers = race(target.token(), () -> as(otherSession).contentType(ContentType.JSON)
                    .body(Map.of("current_password", target.user().password(), "new_password", NEW_PASSWORD))
                    .post("/api/v1/me/password"));

            assertEquals(204, answers.get(0).statusCode(), "the password change");
            assertEditsAnsweredCleanly(answers);
            assertEquals(200, login(target.user().username(), NEW_PASSWORD).statusCode(), "round " + round);
            assertEquals(401, login(target.user().username(), target.user().password()).statusCode(), "round " + round);
        }
    }

    /**
     * Fires {@code action} and {@value #EDITS} profile edits with {@code editorToken} at the same moment;
     * the action's answer first, then the edits'.
     */
    private static List<Response> race(String editorToken, Callable<Response> action) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        futures.add(POOL.submit(() -> {
            start.await();
            return action.call();
        }));
        for (int i = 0; i < EDITS; i++) {
            String name = "Tab " + i;
            futures.add(POOL.submit(() -> {
                start.await();
                return as(editorToken).contentType(ContentType.JSON).body(Map.of("display_name", name))
                        .patch("/api/v1/me");
            }));
        }
        start.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** An edit either went in before the other change or finds its session ended; never a server error. */
    private static void assertEditsAnsweredCleanly(List<Response> answers) {
        for (Response edit : answers.subList(1, answers.size())) {
            assertTrue(edit.statusCode() == 200 || edit.statusCode() == 401, "an edit answered " + edit.statusCode()
                    + ": " + edit.asString());
        }
    }

    private static Response login(String login, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("login", login, "password", password))
                .post("/api/v1/auth/login");
    }
}
