package dev.vigil.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.vigil.common.http.ClientInfo;

/**
 * One event to record: what happened ({@code type}), to whom ({@code userId}, may be null when the
 * login named nobody), by whom ({@code actorId}: the user themself unless an admin or a job acted),
 * from where, whether it succeeded, and a few non-secret facts. Never put a password, PIN, token,
 * code or hash in {@code detail}.
 */
public record SecurityEvent(SecurityEventType type, UUID userId, UUID actorId, ClientInfo client, boolean success,
        Map<String, Object> detail) {

    public SecurityEvent {
        client = client == null ? ClientInfo.NONE : client;
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** A successful event that the user caused themself. */
    public static SecurityEvent of(SecurityEventType type, UUID userId, ClientInfo client) {
        return new SecurityEvent(type, userId, userId, client, true, Map.of());
    }

    /** The same event, done by someone else (an admin) or by nobody (a job: {@code null}). */
    public SecurityEvent by(UUID actor) {
        return new SecurityEvent(type, userId, actor, client, success, detail);
    }

    public SecurityEvent failed() {
        return new SecurityEvent(type, userId, actorId, client, false, detail);
    }

    /** Adds a fact; null values are left out. */
    public SecurityEvent with(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(detail);
        more.put(key, value instanceof Enum<?> || value instanceof UUID ? value.toString() : value);
        return new SecurityEvent(type, userId, actorId, client, success, more);
    }

    /** Adds each of these facts (e.g. what a change's listeners reported); null values are left out. */
    public SecurityEvent with(Map<String, ?> facts) {
        SecurityEvent event = this;
        for (Map.Entry<String, ?> fact : facts.entrySet()) {
            event = event.with(fact.getKey(), fact.getValue());
        }
        return event;
    }

    String outcome() {
        return success ? "success" : "failure";
    }
}
