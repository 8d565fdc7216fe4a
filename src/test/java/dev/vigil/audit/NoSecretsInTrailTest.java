package dev.vigil.audit;

import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.login;
import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.register;
import static dev.vigil.support.Sessions.refresh;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.LogCapture;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Runs every flow that handles a secret and then searches the whole application log and the whole
 * security_events table for each password, token and link token that went through: none may appear.
 */
@QuarkusTest
class NoSecretsInTrailTest {

    private static final String CHANGED_PASSWORD = "quartz lagoon beneath ferns";
    private static final String RESET_PASSWORD = "saffron comet over hills";
    private static final String WRONG_PASSWORD = "definitely not my passphrase";

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;

    private final Logger root = Logger.getLogger("");
    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void captureLog() {
        root.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        root.removeHandler(capture);
        clock.reset();
    }

    @Test
    void noPasswordTokenOrLinkTokenReachesTheLogOrTheTrail() {
        List<String> secrets = new ArrayList<>();
        TestUser user = newUser();
        secrets.add(user.password());
        register(user);

        String verifyToken = Mailbox.awaitOne(user.email(), "confirm").token("/verify-email");
        secrets.add(verifyToken);
        given().contentType(ContentType.JSON).body(Map.of("token", verifyToken))
                .post("/api/v1/auth/verify-email").then().statusCode(204);

        secrets.add(WRONG_PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("login", user.username(), "password", WRONG_PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(401);

        JsonPath first = login(user);
        addPair(secrets, first);
        JsonPath second = refresh(first.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        addPair(secrets, second);

        secrets.add(CHANGED_PASSWORD);
        as(second.getString("access_token")).contentType(ContentType.JSON)
                .body(Map.of("current_password", user.password(), "new_password", CHANGED_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
        secrets.add(passwordHash(user));

        given().contentType(ContentType.JSON).body(Map.of("login", user.email()))
                .post("/api/v1/auth/password/forgot").then().statusCode(202);
        String resetToken = Mailbox.awaitOne(user.email(), "reset").token("/reset-password");
        secrets.add(resetToken);
        secrets.add(RESET_PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("token", resetToken, "new_password", RESET_PASSWORD))
                .post("/api/v1/auth/password/reset").then().statusCode(204);
        secrets.add(passwordHash(user));

        JsonPath last = login(user.username(), RESET_PASSWORD);
        addPair(secrets, last);
        addPair(secrets, refresh(last.getString("refresh_token")).then().statusCode(200).extract().jsonPath());
        clock.advance(Duration.ofSeconds(11)); // past vigil.tokens.refresh-reuse-grace
        refresh(last.getString("refresh_token")).then().statusCode(401); // a reuse, which is logged too

        String log = capturedLog();
        assertTrue(log.contains("event=password.changed outcome=success user="), "the audit log saw the flows: " + log);
        assertTrue(log.contains("event=refresh.reused outcome=failure"), "the audit log saw the reuse");
        String trail = Db.query(dataSource, "SELECT CAST(e AS text) AS row FROM security_events e").toString();
        assertTrue(trail.contains("password.reset"), "the trail saw the flows");
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "a secret reached the log: " + describe(secret));
            assertFalse(trail.contains(secret), "a secret reached security_events: " + describe(secret));
        }
    }

    /** Both tokens of a pair, and the access token's signature on its own. */
    private static void addPair(List<String> secrets, JsonPath pair) {
        String access = pair.getString("access_token");
        secrets.add(access);
        secrets.add(access.substring(access.lastIndexOf('.') + 1));
        secrets.add(pair.getString("refresh_token"));
    }

    private String passwordHash(TestUser user) {
        return (String) Db.single(dataSource, "SELECT password_hash FROM users WHERE username = ?", user.username());
    }

    /** Every captured record: message, parameters and any exception, one per line. */
    private String capturedLog() {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : capture.records()) {
            text.append(record.getLoggerName()).append(' ').append(record.getMessage());
            Object[] parameters = record.getParameters() == null ? new Object[0] : record.getParameters();
            Arrays.stream(parameters).forEach(parameter -> text.append(' ').append(parameter));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Names a secret in a failure message without printing it whole. */
    private static String describe(String secret) {
        return secret.length() + " characters starting " + secret.substring(0, Math.min(4, secret.length()));
    }
}
