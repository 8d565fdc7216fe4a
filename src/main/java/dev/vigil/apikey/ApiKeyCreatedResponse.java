package dev.vigil.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new key: the only response that ever carries {@code key}. */
public record ApiKeyCreatedResponse(UUID id, String name, String key, String prefix, List<String> scopes,
        Instant createdAt, @Schema(nullable = true) Instant expiresAt) {
}
