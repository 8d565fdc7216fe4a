package dev.vigil.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.vigil.common.token.TokenPurpose;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;

/**
 * Messages collected in memory and written to the outbox in one {@code INSERT} when {@link #write()}
 * runs, inside the caller's transaction. The rows are the ones {@link NotificationService} would
 * have persisted one by one; a scan that queues thousands of messages per transaction saves a round
 * trip to PostgreSQL for each of them. Each queue method adds its message when it is called and
 * returns a completed {@code Uni}. Not thread-safe: one batch belongs to one transaction.
 */
public final class OutboxBatch implements Outbox {

    /**
     * The rows travel as one JSON array. The parameter is cast to text first: a string bound where
     * PostgreSQL expects jsonb would reach it as a JSON string, not as the array it contains.
     */
    private static final String INSERT = """
            INSERT INTO outbox (id, kind, idempotency_key, template, recipient, user_id, payload, status, attempts,
                                next_attempt_at, created_at, updated_at)
            SELECT id, kind, idempotency_key, template, recipient, user_id, payload, status, 0,
                   next_attempt_at, created_at, updated_at
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(id uuid, kind text, idempotency_key text, template text,
                 recipient text, user_id uuid, payload jsonb, status text, next_attempt_at timestamptz,
                 created_at timestamptz, updated_at timestamptz)""";

    private final OutboxRepository outbox;
    private final Clock clock;
    private final List<OutboxMessage> messages = new ArrayList<>();

    OutboxBatch(OutboxRepository outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Uni<Void> queueMail(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts) {
        return add(NotificationService.KIND_MAIL, template.key(), userId, recipient, facts);
    }

    @Override
    public Uni<Void> queueMailWithLink(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts,
            TokenPurpose link, String linkTarget) {
        return add(NotificationService.KIND_MAIL, template.key(), userId, recipient,
                NotificationService.withLink(facts, link, linkTarget));
    }

    @Override
    public Uni<Void> queueSms(UUID userId, String toE164, String text, TokenPurpose link, String linkTarget,
            String template) {
        return add(NotificationService.KIND_SMS, template, userId, toE164,
                NotificationService.smsPayload(text, link, linkTarget));
    }

    @Override
    public Uni<Void> queueWebhook(String url, WebhookSecret secret, String eventType, Map<String, Object> body) {
        return add(NotificationService.KIND_WEBHOOK, eventType, null, url, NotificationService.webhookPayload(secret, body));
    }

    /** How many messages wait to be written. */
    public int size() {
        return messages.size();
    }

    /** Writes every collected message in one statement (none when empty) and empties the batch. */
    public Uni<Void> write() {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(messages.size());
        for (OutboxMessage message : messages) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", message.id.toString());
            row.put("kind", message.kind);
            row.put("idempotency_key", message.idempotencyKey);
            row.put("template", message.template);
            row.put("recipient", message.recipient);
            row.put("user_id", message.userId == null ? null : message.userId.toString());
            row.put("payload", message.payload);
            row.put("status", message.status);
            row.put("next_attempt_at", message.nextAttemptAt.toString());
            row.put("created_at", message.createdAt.toString());
            row.put("updated_at", message.updatedAt.toString());
            rows.add(row);
        }
        messages.clear();
        String json = Json.encode(rows);
        return outbox.getSession()
                .chain(session -> session.createNativeQuery(INSERT).setParameter("rows", json).executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> add(String kind, String template, UUID userId, String recipient, Map<String, Object> payload) {
        messages.add(NotificationService.pending(kind, template, userId, recipient, payload, clock.instant()));
        return Uni.createFrom().voidItem();
    }
}
