package dev.vigil.common.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The stored side of a mailed link: only the token's SHA-256, never the token. */
@Entity
@Table(name = "one_time_tokens")
public class OneTimeToken {

    @Id
    public byte[] tokenHash;

    public String purpose;

    public UUID userId;

    /** What the token is about beyond the user, e.g. the address being verified. */
    public String target;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant usedAt;
}
