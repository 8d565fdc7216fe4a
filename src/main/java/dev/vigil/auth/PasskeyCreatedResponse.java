package dev.vigil.auth;

import java.time.Instant;
import java.util.UUID;

/** The passkey just added. */
public record PasskeyCreatedResponse(UUID id, String name, Instant createdAt) {
}
