package dev.vigil.notify;

import static dev.vigil.support.Metrics.exposes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The outbox's depth, age and delivery counters are on {@code /q/metrics}. */
@QuarkusTest
class OutboxMetricsTest {

    @Test
    void outboxFiguresAreExposed() {
        assertTrue(exposes("vigil_outbox_messages"));
        assertTrue(exposes("vigil_outbox_oldest_pending_age_seconds"));
        assertTrue(exposes("vigil_outbox_sent_total"));
        assertTrue(exposes("vigil_outbox_failures_total"));
    }
}
