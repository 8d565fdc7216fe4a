package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.support.MutableClock;
import dev.vigil.support.Db;
import dev.vigil.support.Eventually;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/** Admin events become signed webhook calls in the outbox, with a line chat hooks can show. */
@QuarkusTest
@TestProfile(AdminWebhookTest.WithReceiver.class)
class AdminWebhookTest {

    /** A receiver nobody listens on: the call stays in the outbox, where the test reads it. */
    public static class WithReceiver implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.admin-webhook.url", "http://127.0.0.1:9/admin-hook",
                    "vigil.outbox.poll-every", "1h");
        }
    }

    @Inject
    MutableClock clock;

    @Inject
    AdminWebhook webhook;

    @Inject
    DataSource dataSource;

    @Inject
    OutboxConfig outbox;

    @Inject
    OutboxDispatcher dispatcher;

    @Test
    void aMessageGivenUpIsAnnouncedOnceButTheAnnouncementsOwnDeathIsNot() {
        UUID doomed = UUID.randomUUID();
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, attempts, next_attempt_at,"
                + " created_at, updated_at, idempotency_key) VALUES (?, 'webhook', 'test.unreachable', 'http://127.0.0.1:9/nobody',"
                + " '{\"body\": {}, \"secret\": \"RELEASE\"}'::jsonb, 'pending', ?, ?, ?, ?, ?)",
                doomed, outbox.maxAttempts() - 1, clock.instant(), clock.instant(), clock.instant(), doomed.toString());
        dispatcher.wake();

        Eventually.eventually("given up", Duration.ofSeconds(20),
                () -> "dead".equals(Db.single(dataSource, "SELECT status FROM outbox WHERE id = ?", doomed)));
        String announcement = (String) Db.single(dataSource, "SELECT payload::text FROM outbox WHERE template = 'outbox.dead'"
                + " AND payload -> 'body' -> 'data' ->> 'message_id' = ?", doomed.toString());
        assertTrue(announcement.contains("\"secret\": \"ADMIN\""), announcement);
        assertTrue(announcement.contains("was given up after " + outbox.maxAttempts() + " attempts"), announcement);

        // The announcement itself cannot be delivered either; when it dies, nothing announces it.
        Eventually.eventually("the announcement tried once", Duration.ofSeconds(20),
                () -> 1L == (Long) Db.single(dataSource, "SELECT count(*) FROM outbox WHERE template = 'outbox.dead'"
                        + " AND status = 'pending' AND attempts = 1 AND payload -> 'body' -> 'data' ->> 'message_id' = ?", doomed.toString()));
        Db.update(dataSource, "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE template = 'outbox.dead'"
                + " AND payload -> 'body' -> 'data' ->> 'message_id' = ?", outbox.maxAttempts() - 1, clock.instant(),
                doomed.toString());
        dispatcher.wake();
        Eventually.eventually("the announcement given up", Duration.ofSeconds(20),
                () -> "dead".equals(Db.single(dataSource, "SELECT status FROM outbox WHERE template = 'outbox.dead'"
                        + " AND payload -> 'body' -> 'data' ->> 'message_id' = ?", doomed.toString())));
        assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE template = 'outbox.dead'"));
    }

    @Test
    void anAnnouncementIsQueuedAsAWebhookWithASummaryForChat() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> webhook.announce("test.announced",
                "User abc was banned", Map.of("user_id", "abc"))));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT kind, recipient, payload::text FROM outbox WHERE template = 'test.announced'")) {
            ResultSet row = query.executeQuery();
            assertTrue(row.next());
            assertEquals("webhook", row.getString(1));
            assertEquals("http://127.0.0.1:9/admin-hook", row.getString(2));
            String payload = row.getString(3);
            assertTrue(payload.contains("\"content\": \"User abc was banned\""), payload);
            assertTrue(payload.contains("\"text\": \"User abc was banned\""), payload);
            assertTrue(payload.contains("\"type\": \"test.announced\""), payload);
            assertTrue(payload.contains("\"user_id\": \"abc\""), payload);
            assertTrue(payload.contains("\"secret\": \"ADMIN\""), "the secret is named, not stored: " + payload);
            assertFalse(row.next());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
