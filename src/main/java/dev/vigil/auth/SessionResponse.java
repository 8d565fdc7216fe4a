package dev.vigil.auth;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A live session as its user sees it: when it started, when it was last used (its login or latest
 * refresh), where from, and whether it is the one making this request.
 */
public record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, @Schema(nullable = true) String ip,
        @Schema(nullable = true) String userAgent, boolean current) {

    static SessionResponse of(Row row, UUID currentSessionId) {
        UUID id = row.getUUID("id");
        return new SessionResponse(id, row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("last_used_at").toInstant(), row.getString("ip"), row.getString("user_agent"),
                id.equals(currentSessionId));
    }
}
