package dev.vigil.common.token;

import java.util.UUID;

/** Whom a valid token was issued for, and about what. */
public record TokenUse(UUID userId, String target) {
}
