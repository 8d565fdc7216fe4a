package dev.vigil.notify.sms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Without configuration SMS are only logged: the INFO line says one was sent to a masked number, and
 * the text (which can hold a one-time link) appears only when {@code vigil.sms} is at DEBUG.
 */
@QuarkusTest
class LogSmsSenderTest {

    private static final String NUMBER = "+14155550123";
    private static final String TEXT = "Check in before Friday: https://vigil.example/check-in?token=s3cr3t-link";

    private final Logger smsLogger = Logger.getLogger(LogSmsSender.CATEGORY);
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Inject
    SmsSender sms;

    @BeforeEach
    void captureLog() {
        smsLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        smsLogger.removeHandler(capture);
        smsLogger.setLevel(null);
    }

    @Test
    void logProviderIsTheDefault() {
        assertInstanceOf(LogSmsSender.class, sms);
    }

    @Test
    void infoLineNamesOnlyTheMaskedNumberAndNeverTheText() {
        sms.send(NUMBER, TEXT, "msg-info").await().atMost(Duration.ofSeconds(5));

        List<String> info = messagesAtOrAbove(Level.INFO);
        assertEquals(1, info.size(), "one INFO line per SMS: " + info);
        assertThat(info.get(0), containsString("+1415•••0123"));
        assertThat(info.get(0), containsString("msg-info"));
        assertThat(info.get(0), not(containsString(NUMBER)));
        assertThat(info.get(0), not(containsString("s3cr3t-link")));
        assertTrue(logged.stream().noneMatch(r -> text(r).contains(TEXT)), "the text is not logged at INFO");
    }

    @Test
    void textIsLoggedAtDebugWhenTheCategoryAsksForIt() {
        smsLogger.setLevel(Level.FINE);

        sms.send(NUMBER, TEXT, "msg-debug").await().atMost(Duration.ofSeconds(5));

        List<LogRecord> withText = logged.stream().filter(r -> text(r).contains(TEXT)).toList();
        assertEquals(1, withText.size());
        assertTrue(withText.get(0).getLevel().intValue() < Level.INFO.intValue(), "the text is logged below INFO");
        assertThat(text(withText.get(0)), not(containsString(NUMBER)));
    }

    private List<String> messagesAtOrAbove(Level level) {
        return logged.stream()
                .filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(LogSmsSenderTest::text)
                .toList();
    }

    private static String text(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }
}
