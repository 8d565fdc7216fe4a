package dev.vigil.user;

import java.time.Instant;

/** What anyone may see of a user: nothing that identifies or reaches them beyond the username. */
public record PublicProfileResponse(String username, String displayName, Instant createdAt) {
}
