package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

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
    AdminWebhook webhook;

    @Inject
    DataSource dataSource;

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
