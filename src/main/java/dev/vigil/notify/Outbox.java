package dev.vigil.notify;

import java.util.Map;
import java.util.UUID;

import dev.vigil.common.token.TokenPurpose;
import io.smallrye.mutiny.Uni;

/**
 * Where a message is queued: {@link NotificationService} writes each one into the caller's
 * transaction as it comes; an {@link OutboxBatch} collects them and writes them all in one statement.
 * Code that composes messages takes an {@code Outbox}, so the same composition serves one request
 * and a scan batch of thousands.
 */
public interface Outbox {

    /** Queues a mail to {@code recipient} about the user {@code userId}. */
    Uni<Void> queueMail(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts);

    /** Queues a mail with a one-time link, minted when it is sent and bound to {@code linkTarget} when given. */
    Uni<Void> queueMailWithLink(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts,
            TokenPurpose link, String linkTarget);

    /**
     * Queues a text message to an E.164 number, stored under {@code template}; with a link purpose,
     * the link is appended when it is sent.
     */
    Uni<Void> queueSms(UUID userId, String toE164, String text, TokenPurpose link, String linkTarget, String template);

    /** Queues a signed webhook call; the secret is named, and read from configuration when the call is made. */
    Uni<Void> queueWebhook(String url, WebhookSecret secret, String eventType, Map<String, Object> body);
}
