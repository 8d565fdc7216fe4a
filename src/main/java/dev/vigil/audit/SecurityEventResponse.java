package dev.vigil.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A security event as its user sees it. */
public record SecurityEventResponse(UUID id, String type, Instant at, String ip, String userAgent,
        Map<String, Object> detail) {
}
