package dev.vigil.ops;

import static dev.vigil.support.Eventually.eventually;
import static dev.vigil.support.Management.management;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.LogCapture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * PostgreSQL killed with SIGKILL (a crash, not a clean stop): pooled connections break mid-way,
 * new ones are refused, then the server comes back through crash recovery. Every request meanwhile
 * is a 503, never a 500; the app recovers by itself; the outage is one WARN and one INFO.
 */
@QuarkusTest
@TestProfile(DatabaseCrashTest.OwnDatabase.class)
@QuarkusTestResource(value = DedicatedPostgres.class, restrictToAnnotatedClass = true)
class DatabaseCrashTest {

    /** Its own server, and background jobs that run every second, so that they certainly meet the outage. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "vigil.admin.ban-expiry-every", "1s",
                    "vigil.lockout.unlock-scan-every", "1s",
                    "vigil.tokens.signing-key-check-every", "1s",
                    "quarkus.log.category.\"dev.vigil.admin.AdminUserService\".level", "DEBUG",
                    "quarkus.log.category.\"dev.vigil.auth.Lockout\".level", "DEBUG",
                    "quarkus.log.category.\"dev.vigil.auth.SigningKeyRotation\".level", "DEBUG");
        }
    }

    /** The rounds of background jobs that must meet the outage and end it quietly. */
    private static final List<String> JOBS = List.of("Lifting ended bans", "Clearing ended locks", "Checking the signing keys");

    private static final int REQUESTS_DURING_OUTAGE = 20;

    private final Logger root = Logger.getLogger("");
    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void captureLog() {
        root.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        root.removeHandler(capture);
    }

    @Test
    void aKilledDatabaseAnswers503NeverA500AndTheAppRecoversByItself() {
        TestUser user = Api.registered();
        String token = Api.accessToken(user);
        Api.as(token).get("/api/v1/me").then().statusCode(200);

        DedicatedPostgres.killNow();

        for (int i = 0; i < REQUESTS_DURING_OUTAGE; i++) {
            assertProblem(Api.as(token).get("/api/v1/me"), 503, "service-unavailable").header("Retry-After", "5");
        }
        assertProblem(Api.as(token).contentType(ContentType.JSON).body(Map.of("display_name", "Crashed"))
                .patch("/api/v1/me"), 503, "service-unavailable");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login"), 503, "service-unavailable");
        management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.data.database", equalTo("unreachable"));
        management().get("/q/health/live").then().statusCode(200);
        eventually("every background job met the outage", () -> JOBS.stream().allMatch(job -> debug().stream()
                .anyMatch(m -> m.contains(job + " skipped: the database is unavailable"))));

        DedicatedPostgres.startAgain();

        eventually("readiness is UP again", () -> management().get("/q/health/ready").statusCode() == 200);
        eventually("the API answers again", () -> Api.as(token).get("/api/v1/me").statusCode() == 200);
        Api.login(user);

        List<String> warnings = ReadOnlyDatabaseTest.messages(capture, Level.WARNING);
        List<String> ends = ReadOnlyDatabaseTest.messages(capture, Level.INFO).stream()
                .filter(m -> m.contains("Database available again")).toList();
        assertEquals(1, warnings.stream().filter(m -> m.contains("Database unavailable")).count(), "one WARN: " + warnings);
        assertEquals(1, ends.size(), "one INFO at the end: " + ends);
        long refused = Long.parseLong(ends.get(0).replaceAll(".*; (\\d+) requests were answered 503.*", "$1"));
        assertTrue(refused >= REQUESTS_DURING_OUTAGE + 2, "the INFO counts the refused requests: " + ends.get(0));
        List<String> errors = capture.appErrors().stream()
                .filter(m -> !m.startsWith("io.zonky")) // the test's own server handle, failing to stop the killed server
                .toList();
        assertEquals(List.of(), errors, "no ERROR during the outage");
    }

    private List<String> debug() {
        return ReadOnlyDatabaseTest.messages(capture, Level.FINE);
    }
}
