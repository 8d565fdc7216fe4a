package dev.vigil.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.audit.AdminSecurityEventResponse;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import io.smallrye.mutiny.Uni;

/** The admin view of the audit trail: filters checked here, the query in the audit feature. */
@ApplicationScoped
public class AdminAuditService {

    private final SecurityEvents events;

    public AdminAuditService(SecurityEvents events) {
        this.events = events;
    }

    public Uni<Page<AdminSecurityEventResponse>> events(String userId, String type, String since, PageParams page) {
        return Uni.createFrom().item(() -> new Filter(uuid(userId), type(type), instant(since)))
                .chain(filter -> events.search(filter.userId(), filter.type(), filter.since(), page));
    }

    private record Filter(UUID userId, SecurityEventType type, Instant since) {
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalidField("user_id", "must be a UUID");
        }
    }

    private static SecurityEventType type(String value) {
        if (value == null) {
            return null;
        }
        try {
            return SecurityEventType.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalidField("type", "is not a security event type");
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw VigilException.invalidField("since", "must be an ISO-8601 instant such as 2026-11-21T09:00:00Z");
        }
    }
}
