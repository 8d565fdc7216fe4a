package dev.vigil.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A login session: one refresh-token chain and the {@code sid} of its access tokens. */
@Entity
@Table(name = "sessions")
public class AuthSession {

    @Id
    public UUID id;

    public UUID userId;

    /**
     * SHA-256 of the current refresh token; the token itself is never stored in the clear (for the
     * reuse grace the rotation keeps it masked under the token it replaced, see SessionRepository).
     */
    public byte[] refreshTokenHash;

    public Instant createdAt;

    public Instant lastUsedAt;

    public Instant expiresAt;

    public Instant revokedAt;

    public String revokeReason;

    public String ip;

    public String userAgent;
}
