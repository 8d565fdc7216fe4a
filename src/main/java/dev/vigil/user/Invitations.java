package dev.vigil.user;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What registration needs of invitations, which administrators send (the admin feature provides
 * it). Registration only asks; it never knows how invitations are stored.
 */
public interface Invitations {

    /**
     * The invitation a token stands for, when the token is usable and the invitation is open and for
     * {@code email} (any case); otherwise null. Spends nothing.
     */
    Uni<UUID> openInviteFor(String token, String email);

    /** Spends the token and marks the invitation accepted by {@code userId}; joins the caller's transaction. */
    Uni<Void> accept(String token, UUID userId);
}
