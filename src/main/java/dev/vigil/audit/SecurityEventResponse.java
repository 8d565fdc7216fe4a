package dev.vigil.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A security event as its user sees it. */
public record SecurityEventResponse(UUID id, String type, Instant at, @Schema(nullable = true) String ip,
        @Schema(nullable = true) String userAgent, Map<String, Object> detail) {
}
