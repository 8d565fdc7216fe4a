package dev.vigil.notify;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Announces an event to the administrators' webhook through the outbox, in the caller's transaction.
 * The body is {@code {type, timestamp, data, content, text}}: {@code content} (Discord) and {@code text}
 * (Slack) repeat a one-line summary so chat hooks show something readable. Without a configured URL
 * nothing is queued.
 */
@ApplicationScoped
public class AdminWebhook {

    private final NotificationService notifications;
    private final AdminWebhookConfig config;
    private final Clock clock;

    public AdminWebhook(NotificationService notifications, AdminWebhookConfig config, Clock clock) {
        this.notifications = notifications;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Queues {@code type} (such as {@code user.banned}) with a one-line {@code summary} (no secrets, no
     * full email addresses) and its {@code data}.
     */
    public Uni<Void> announce(String type, String summary, Map<String, Object> data) {
        return announce(notifications, type, summary, data);
    }

    /** Like {@link #announce(String, String, Map)}, queued into {@code out} (a batch). */
    public Uni<Void> announce(Outbox out, String type, String summary, Map<String, Object> data) {
        if (config.url().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return out.queueWebhook(config.url().get(), WebhookSecret.ADMIN, type, body(type, summary, data));
    }

    /** Where announcements go; empty when none are sent. */
    Optional<String> url() {
        return config.url();
    }

    Map<String, Object> body(String type, String summary, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", clock.instant().toString());
        body.put("data", data);
        body.put("content", summary);
        body.put("text", summary);
        return body;
    }
}
