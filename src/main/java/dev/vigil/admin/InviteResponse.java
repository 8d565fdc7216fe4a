package dev.vigil.admin;

import java.time.Instant;
import java.util.UUID;

/** A new invitation: {@code {id, email, expires_at}}. */
public record InviteResponse(UUID id, String email, Instant expiresAt) {
}
