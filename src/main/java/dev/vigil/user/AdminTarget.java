package dev.vigil.user;

import java.util.Set;
import java.util.UUID;

/** What the admin tools need to know about a user before acting on them. */
public record AdminTarget(UUID id, String username, String email, Set<String> roles, boolean banned) {

    static AdminTarget of(User user) {
        return new AdminTarget(user.id, user.username, user.email, Set.copyOf(user.roles()), user.bannedAt != null);
    }
}
