package dev.vigil.auth;

import java.util.Set;
import java.util.UUID;

/** What a verified access token says about its bearer. */
public record AccessToken(UUID userId, UUID sessionId, Set<String> roles, boolean emailVerified, String tier) {
}
