package dev.vigil.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What anyone may see of a user: nothing that identifies or reaches them beyond the username. */
public record PublicProfileResponse(String username, @Schema(nullable = true) String displayName, Instant createdAt) {
}
