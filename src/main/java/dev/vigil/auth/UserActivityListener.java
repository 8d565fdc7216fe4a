package dev.vigil.auth;

import java.util.UUID;

/**
 * Told when a user shows signs of life: a successful login, refresh or API-key use. Called on the
 * request's path for every such request, so an implementation must return at once: no I/O, no
 * waiting; anything it writes, it writes later and on its own.
 */
public interface UserActivityListener {

    void active(UUID userId);
}
