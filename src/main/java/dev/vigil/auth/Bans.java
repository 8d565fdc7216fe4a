package dev.vigil.auth;

import java.time.Instant;

/** The one rule for whether a ban holds: it was imposed, and is permanent or has not ended yet. */
final class Bans {

    private Bans() {
    }

    static boolean inForce(Instant bannedAt, Instant bannedUntil, Instant now) {
        return bannedAt != null && (bannedUntil == null || bannedUntil.isAfter(now));
    }
}
