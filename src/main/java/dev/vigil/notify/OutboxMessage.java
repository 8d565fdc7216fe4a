package dev.vigil.notify;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One outgoing message, durable from the moment the change that caused it commits. */
@Entity
@Table(name = "outbox")
public class OutboxMessage {

    @Id
    public UUID id;

    /** {@code mail}, {@code sms} or {@code webhook}. */
    public String kind;

    /** Stable per message: a resend after a crash carries the same key (and Message-ID). */
    public String idempotencyKey;

    /** Which message: {@link MailTemplate#key()}. */
    public String template;

    public String recipient;

    public UUID userId;

    /** Facts the message is rendered from (never secrets: link tokens are minted at send time). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> payload;

    public String status;

    public int attempts;

    public Instant nextAttemptAt;

    /** While {@code sending}: when another dispatcher may take the message over. */
    public Instant leaseUntil;

    public Instant createdAt;

    public Instant sentAt;

    public Instant updatedAt;

    public String lastError;
}
