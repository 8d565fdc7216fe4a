package dev.vigil.auth;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A passkey as its owner's list shows it. */
public record PasskeyResponse(UUID id, String name, Instant createdAt, @Schema(nullable = true) Instant lastUsedAt) {
}
