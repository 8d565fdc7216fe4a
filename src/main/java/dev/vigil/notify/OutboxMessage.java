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

    public String channel;

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

    public Instant createdAt;

    public Instant sentAt;

    public String lastError;
}
