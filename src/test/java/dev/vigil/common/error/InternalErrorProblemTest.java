package dev.vigil.common.error;

import static dev.vigil.common.error.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An unexpected failure is a generic 500 whose only detail is a reference; the failure itself goes to
 * the log under that reference, never to the client.
 */
@QuarkusTest
class InternalErrorProblemTest {

    private static final String REFERENCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final Logger errorLogger = Logger.getLogger("dev.vigil.common.error");
    private final LogCapture capture = new LogCapture();
    private final List<LogRecord> logged = capture.records();

    @BeforeEach
    void captureLog() {
        errorLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        errorLogger.removeHandler(capture);
    }

    @Test
    void uncaughtExceptionInAResourceRevealsNothingButAReference() {
        String body = assertProblem(given().get("/test-errors/boom").then(), CommonError.INTERNAL_ERROR)
                .body("detail", matchesPattern("An unexpected error occurred\\. Reference: " + REFERENCE))
                .extract().asString();

        assertRevealsNothing(body);
    }

    @Test
    void uncaughtExceptionIsLoggedAtErrorUnderTheReferenceTheClientSees() {
        String detail = given().get("/test-errors/boom").then().statusCode(500).extract().path("detail");

        LogRecord record = loggedFor(detail);
        assertThat(record.getLevel().intValue(), equalTo(Level.SEVERE.intValue()));
        assertThat(record.getThrown().getMessage(), containsString("secret SQL text"));
    }

    @Test
    void uncaughtExceptionInAPlainVertxRouteRevealsNothing() {
        String body = assertProblem(given().get("/test-routes/boom").then(), CommonError.INTERNAL_ERROR)
                .body("detail", matchesPattern("An unexpected error occurred\\. Reference: " + REFERENCE))
                .extract().asString();

        assertRevealsNothing(body);
    }

    @Test
    void serverErrorStatusThrownByAResourceIsALoggedInternalError() {
        String detail = assertProblem(given().get("/test-errors/status/503").then(), CommonError.INTERNAL_ERROR)
                .extract().path("detail");

        assertThat(loggedFor(detail).getLevel().intValue(), equalTo(Level.SEVERE.intValue()));
    }

    private static void assertRevealsNothing(String body) {
        for (String secret : List.of("secret", "SQL", "password_hash", "Exception", "dev.vigil", "java.", "\tat ")) {
            assertThat(body, not(containsString(secret)));
        }
    }

    /** The log record carrying the reference quoted at the end of a problem's detail. */
    private LogRecord loggedFor(String detail) {
        String reference = detail.substring(detail.lastIndexOf(' ') + 1);
        return logged.stream()
                .filter(candidate -> mentions(candidate, reference))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log record mentions " + reference));
    }

    /** Whether the record's message or one of its format arguments carries the reference. */
    private static boolean mentions(LogRecord record, String reference) {
        Object[] arguments = record.getParameters() == null ? new Object[0] : record.getParameters();
        return String.valueOf(record.getMessage()).contains(reference)
                || Arrays.stream(arguments).anyMatch(argument -> reference.equals(String.valueOf(argument)));
    }
}
