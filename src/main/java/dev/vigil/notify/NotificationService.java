package dev.vigil.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.TokenPurpose;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Records outgoing messages in the outbox. Callers run inside their own transaction, so a message
 * exists exactly when the change that caused it committed. Delivery (rendering, SMTP, retries) is
 * the dispatcher's job and reads the same rows.
 */
@ApplicationScoped
public class NotificationService {

    static final String KIND_MAIL = "mail";
    static final String STATUS_PENDING = "pending";

    private final OutboxRepository outbox;
    private final Clock clock;

    public NotificationService(OutboxRepository outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    static final String LINK_PURPOSE = "link_purpose";
    static final String LINK_TARGET = "link_target";

    /** Queues a mail to {@code recipient} about the user {@code userId}. */
    @WithTransaction
    public Uni<Void> queueMail(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts) {
        return queue(template, userId, recipient, facts);
    }

    /**
     * Queues a mail that carries a one-time link. The token is minted when the mail is sent, so no
     * usable token waits in the database and the link's lifetime starts when it goes out.
     */
    @WithTransaction
    public Uni<Void> queueMailWithLink(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts,
            TokenPurpose link, String linkTarget) {
        Map<String, Object> withLink = new HashMap<>(facts);
        withLink.put(LINK_PURPOSE, link.wire());
        if (linkTarget != null) {
            withLink.put(LINK_TARGET, linkTarget);
        }
        return queue(template, userId, recipient, withLink);
    }

    /** Whether a mail of this kind was queued for the user within {@code window} (mail cooldowns). */
    @WithSession
    public Uni<Boolean> queuedWithin(UUID userId, MailTemplate template, Duration window) {
        return outbox.count("userId = ?1 and template = ?2 and createdAt > ?3", userId, template.key(),
                clock.instant().minus(window))
                .map(count -> count > 0);
    }

    private Uni<Void> queue(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts) {
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.kind = KIND_MAIL;
        message.idempotencyKey = message.id.toString();
        message.template = template.key();
        message.recipient = recipient;
        message.userId = userId;
        message.payload = Map.copyOf(facts);
        message.status = STATUS_PENDING;
        message.createdAt = clock.instant();
        message.nextAttemptAt = message.createdAt;
        message.updatedAt = message.createdAt;
        return outbox.persist(message).replaceWithVoid();
    }

    /** Drops every message about a deleted user, sent or not; joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> forgetUser(UUID userId) {
        return outbox.delete("userId", userId).replaceWithVoid();
    }
}
