package dev.vigil.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A security event as administrators see it: also whom it was about and who acted. */
public record AdminSecurityEventResponse(UUID id, String type, Instant at, UUID userId, UUID actorId, String outcome,
        String ip, String userAgent, Map<String, Object> detail) {
}
