package dev.vigil.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key in a list: never the key itself. */
public record ApiKeyResponse(UUID id, String name, String prefix, List<String> scopes, Instant createdAt,
        @Schema(nullable = true) Instant lastUsedAt, @Schema(nullable = true) Instant expiresAt) {
}
