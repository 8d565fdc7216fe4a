package dev.vigil.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A security event as administrators see it: also whom it was about and who acted. */
public record AdminSecurityEventResponse(UUID id, String type, Instant at, @Schema(nullable = true) UUID userId,
        @Schema(nullable = true) UUID actorId, String outcome, @Schema(nullable = true) String ip,
        @Schema(nullable = true) String userAgent, Map<String, Object> detail) {
}
