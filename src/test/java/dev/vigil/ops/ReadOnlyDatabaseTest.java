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

import org.jboss.logmanager.ExtLogRecord;

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
import io.restassured.response.Response;

/**
 * A database that turns read-only (a hot standby after a failover says the same) refuses writes
 * with 503 and readiness DOWN, keeps answering reads, and is one WARN and one INFO in the log.
 */
@QuarkusTest
@TestProfile(ReadOnlyDatabaseTest.OwnDatabase.class)
@QuarkusTestResource(value = DedicatedPostgres.class, restrictToAnnotatedClass = true)
class ReadOnlyDatabaseTest {

    public static class OwnDatabase implements QuarkusTestProfile {
    }

    private final Logger root = Logger.getLogger("");
    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void captureLog() {
        root.addHandler(capture);
    }

    @AfterEach
    void writableAgain() {
        root.removeHandler(capture);
        DedicatedPostgres.superuser("SET default_transaction_read_only = off",
                "ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
    }

    @Test
    void writesAnswer503AndReadinessIsDownWhileTheDatabaseIsReadOnly() {
        TestUser user = Api.registered();
        String token = Api.accessToken(user);
        management().get("/q/health/ready").then().statusCode(200);

        DedicatedPostgres.superuser("ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");

        eventually("readiness reports the database read-only", () -> readiness() == 503);
        management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.data.database", equalTo("read-only"));
        management().get("/q/health/live").then().statusCode(200);
        eventually("a profile change is refused", () -> rename(token, "While read-only").statusCode() == 503);
        assertProblem(rename(token, "Still read-only"), 503, "service-unavailable").header("Retry-After", "5");
        assertProblem(register(Api.newUser()), 503, "service-unavailable").header("Retry-After", "5");
        assertProblem(login(user), 503, "service-unavailable").header("Retry-After", "5");
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("username", equalTo(user.username()));

        DedicatedPostgres.superuser("SET default_transaction_read_only = off",
                "ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");

        eventually("readiness is UP again", () -> readiness() == 200);
        eventually("profile changes work again", () -> rename(token, "Writable again").statusCode() == 200);
        assertEquals(202, register(Api.newUser()).statusCode());

        List<String> warnings = messages(Level.WARNING);
        List<String> ends = messages(Level.INFO).stream().filter(m -> m.contains("Database available again")).toList();
        assertEquals(1, warnings.stream().filter(m -> m.contains("Database unavailable")).count(), "one WARN: " + warnings);
        assertEquals(1, ends.size(), "one INFO at the end: " + ends);
        assertTrue(ends.get(0).contains("(read-only)") && !ends.get(0).contains(" 0 requests"), ends.get(0));
        assertTrue(warnings.stream().noneMatch(m -> m.startsWith("org.hibernate")), "no per-statement warnings: " + warnings);
        assertEquals(List.of(), capture.appErrors(), "no ERROR while read-only");
    }

    private static int readiness() {
        return management().get("/q/health/ready").statusCode();
    }

    private static Response rename(String token, String displayName) {
        return Api.as(token).contentType(ContentType.JSON).body(Map.of("display_name", displayName)).patch("/api/v1/me");
    }

    private static Response register(TestUser user) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "email", user.email(), "password", user.password()))
                .post("/api/v1/auth/register");
    }

    private static Response login(TestUser user) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login");
    }

    private List<String> messages(Level level) {
        return messages(capture, level);
    }

    /** "category: message" of the records at exactly this level (JBoss and JUL levels compared by value). */
    static List<String> messages(LogCapture capture, Level level) {
        return capture.records().stream()
                .filter(r -> r.getLevel().intValue() == level.intValue())
                .map(r -> r.getLoggerName() + ": " + (r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage()))
                .toList();
    }
}
