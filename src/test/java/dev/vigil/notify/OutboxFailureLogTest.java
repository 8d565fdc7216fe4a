package dev.vigil.notify;

import static dev.vigil.support.Eventually.eventually;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Db;
import dev.vigil.support.GreenMailResource;
import dev.vigil.support.LogCapture;
import dev.vigil.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;

/** An operator reading the log learns why a mail did not go out, and not to whom in full. */
@QuarkusTest
class OutboxFailureLogTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    private final Logger dispatcherLog = Logger.getLogger(OutboxDispatcher.class.getName());
    private final LogCapture capture = new LogCapture();

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;
    @Inject
    OutboxDispatcher dispatcher;

    @BeforeEach
    void captureLog() {
        dispatcherLog.addHandler(capture);
    }

    @AfterEach
    void restore() {
        dispatcherLog.removeHandler(capture);
        if (!GreenMailResource.server().isRunning()) {
            GreenMailResource.server().start();
        }
    }

    @Test
    void aFailedMailIsLoggedAtWarnWithItsReasonAndAMaskedAddress() {
        GreenMailResource.server().stop();
        String recipient = "failing-" + UUID.randomUUID() + "@example.org";
        UUID id = insertMail(recipient);
        dispatcher.wake();

        eventually("the failure is logged", LONG, () -> warningAbout(id).isPresent());
        String line = warningAbout(id).orElseThrow();
        assertThat(line, containsString("(mail profile-changed to f•••@example.org) failed on attempt 1: "));
        assertThat(line, matchesPattern(".*failed on attempt 1: \\S.*"));
        assertThat(line, not(containsString(recipient)));
    }

    private Optional<String> warningAbout(UUID id) {
        List<LogRecord> records = capture.records();
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .filter(text -> text.contains(id.toString()))
                .findFirst();
    }

    private UUID insertMail(String recipient) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, next_attempt_at, created_at,"
                + " updated_at, idempotency_key) VALUES (?, 'mail', 'profile-changed', ?, '{\"changed\": [\"display_name\"]}'::jsonb,"
                + " 'pending', ?, ?, ?, ?)", id, recipient, now, now, now, id.toString());
        return id;
    }
}
