package dev.vigil.user;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Step-up for sensitive changes of the user feature (deletion, a new address): the caller must give
 * the current password. The credentials feature, which owns passwords, provides it.
 */
public interface PasswordConfirmation {

    /** Fails with 400 {@code wrong-password} unless {@code password} is the user's (hashing off the event loop). */
    Uni<Void> confirm(UUID userId, String password);
}
