package dev.vigil.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.TokenPurpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Records outgoing messages in the outbox. Callers run inside their own transaction, so a message
 * exists exactly when the change that caused it committed. Delivery (rendering, SMTP, retries) is
 * the dispatcher's job and reads the same rows.
 */
@ApplicationScoped
public class NotificationService implements Outbox {

    static final String KIND_MAIL = "mail";
    static final String KIND_SMS = "sms";
    static final String KIND_WEBHOOK = "webhook";
    static final String KIND_JOB = "job";
    static final String SMS_TEXT = "text";
    static final String WEBHOOK_BODY = "body";
    static final String WEBHOOK_SECRET = "secret";
    static final String STATUS_PENDING = "pending";
    /** The outbox {@code template} of a text message that has no name of its own (reminders). */
    public static final String PLAIN_SMS = "sms";

    /** First key of the two-key advisory locks that serialize mail cooldown checks per user and template. */
    private static final int COOLDOWN_LOCKS = 0x76676C31;

    private final OutboxRepository outbox;
    private final Clock clock;

    public NotificationService(OutboxRepository outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    static final String LINK_PURPOSE = "link_purpose";
    static final String LINK_TARGET = "link_target";

    /** Queues a mail to {@code recipient} about the user {@code userId}. */
    @Override
    @WithTransaction
    public Uni<Void> queueMail(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts) {
        return queue(template, userId, recipient, facts);
    }

    /**
     * Queues a mail that carries a one-time link. The token is minted when the mail is sent, so no
     * usable token waits in the database and the link's lifetime starts when it goes out.
     */
    @Override
    @WithTransaction
    public Uni<Void> queueMailWithLink(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts,
            TokenPurpose link, String linkTarget) {
        return queue(template, userId, recipient, withLink(facts, link, linkTarget));
    }

    /** A batch of messages written in one statement: for the scans that queue thousands per transaction. */
    public OutboxBatch batch() {
        return new OutboxBatch(outbox, clock);
    }

    /**
     * Whether a mail of this kind was queued for the user within {@code window} (mail cooldowns). It
     * first takes a transaction lock on the user and template, so that of two transactions that ask
     * at once and then queue the mail, the second waits and sees the first one's mail: the check and
     * the queueing must run in one transaction.
     */
    @WithTransaction
    public Uni<Boolean> queuedWithin(UUID userId, MailTemplate template, Duration window) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + COOLDOWN_LOCKS
                        + ", hashtext(:key))) AS locked", Integer.class)
                        .setParameter("key", userId + "/" + template.key())
                        .getSingleResult())
                // A statement of its own, after the lock: under READ COMMITTED it sees what the holder committed.
                .chain(locked -> outbox.count("userId = ?1 and template = ?2 and createdAt > ?3", userId, template.key(),
                        clock.instant().minus(window)))
                .map(count -> count > 0);
    }

    /** Queues a text message to an E.164 number; with a link purpose, the link is appended when it is sent. */
    @WithTransaction
    public Uni<Void> queueSms(UUID userId, String toE164, String text, TokenPurpose link) {
        return queueSms(userId, toE164, text, link, null);
    }

    /** Like {@link #queueSms(UUID, String, String, TokenPurpose)}; the link's token is bound to {@code linkTarget}. */
    @WithTransaction
    public Uni<Void> queueSms(UUID userId, String toE164, String text, TokenPurpose link, String linkTarget) {
        return queueSms(userId, toE164, text, link, linkTarget, PLAIN_SMS);
    }

    /**
     * Like {@link #queueSms(UUID, String, String, TokenPurpose, String)}, stored under {@code template}
     * (a name for what the message is, so its fate can be looked up; plain {@code sms} otherwise).
     */
    @Override
    @WithTransaction
    public Uni<Void> queueSms(UUID userId, String toE164, String text, TokenPurpose link, String linkTarget,
            String template) {
        return persist(KIND_SMS, template, userId, toE164, smsPayload(text, link, linkTarget));
    }

    static Map<String, Object> withLink(Map<String, Object> facts, TokenPurpose link, String linkTarget) {
        Map<String, Object> withLink = new HashMap<>(facts);
        withLink.put(LINK_PURPOSE, link.wire());
        if (linkTarget != null) {
            withLink.put(LINK_TARGET, linkTarget);
        }
        return withLink;
    }

    static Map<String, Object> smsPayload(String text, TokenPurpose link, String linkTarget) {
        Map<String, Object> payload = new HashMap<>();
        payload.put(SMS_TEXT, text);
        if (link != null) {
            payload.put(LINK_PURPOSE, link.wire());
            if (linkTarget != null) {
                payload.put(LINK_TARGET, linkTarget);
            }
        }
        return payload;
    }

    /**
     * Queues a signed webhook call. The secret is named, not stored: it is read from configuration
     * when the call is made, so no secret waits in the database.
     */
    @Override
    @WithTransaction
    public Uni<Void> queueWebhook(String url, WebhookSecret secret, String eventType, Map<String, Object> body) {
        return persist(KIND_WEBHOOK, eventType, null, url, webhookPayload(secret, body));
    }

    static Map<String, Object> webhookPayload(WebhookSecret secret, Map<String, Object> body) {
        return Map.of(WEBHOOK_BODY, body, WEBHOOK_SECRET, secret.name());
    }

    /**
     * Queues an {@link OutboxJob} by name. Always one insert of the same shape, whatever the job will
     * find when it runs: what recovery requests rely on to take the same time either way.
     */
    @WithTransaction
    public Uni<Void> queueJob(String job, Map<String, Object> input) {
        return persist(KIND_JOB, job, null, job, input);
    }

    private Uni<Void> queue(MailTemplate template, UUID userId, String recipient, Map<String, Object> facts) {
        return persist(KIND_MAIL, template.key(), userId, recipient, facts);
    }

    private Uni<Void> persist(String kind, String template, UUID userId, String recipient, Map<String, Object> payload) {
        return outbox.persist(pending(kind, template, userId, recipient, payload, clock.instant())).replaceWithVoid();
    }

    /** A new message, due now; its id doubles as its idempotency key. */
    static OutboxMessage pending(String kind, String template, UUID userId, String recipient,
            Map<String, Object> payload, Instant now) {
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.kind = kind;
        message.idempotencyKey = message.id.toString();
        message.template = template;
        message.recipient = recipient;
        message.userId = userId;
        message.payload = Map.copyOf(payload);
        message.status = STATUS_PENDING;
        message.createdAt = now;
        message.nextAttemptAt = now;
        message.updatedAt = now;
        return message;
    }

    /**
     * The recipients among the user's messages of these kinds (outbox {@code template} names) whose
     * latest such message was given up as {@code dead}: an address that bounced for good or a number
     * that cannot take text messages, until a later message to it goes through.
     */
    @WithSession
    public Uni<Set<String>> undeliverable(UUID userId, Collection<String> templates) {
        return outbox.getSession()
                .chain(session -> session.createNativeQuery("""
                        SELECT recipient FROM (
                            SELECT DISTINCT ON (recipient) recipient, status FROM outbox
                            WHERE user_id = :user AND template IN (:templates)
                            ORDER BY recipient, created_at DESC
                        ) latest WHERE status = 'dead'""", String.class)
                        .setParameter("user", userId)
                        .setParameter("templates", templates)
                        .getResultList())
                .map(Set::copyOf);
    }

    /** Drops every message about a deleted user, sent or not; joins the caller's transaction. */
    @WithTransaction
    public Uni<Void> forgetUser(UUID userId) {
        return outbox.delete("userId", userId).replaceWithVoid();
    }
}
