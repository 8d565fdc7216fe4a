package dev.vigil.user;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * Told of every {@link UserChange} inside the transaction that makes it, so features that hold
 * something of the user (sessions, API keys, links) act on it with the change or not at all,
 * without the user feature knowing them.
 */
public interface UserLifecycleListener {

    /**
     * Acts on the change; joins the caller's transaction. The facts returned (counts, ids; never a
     * secret) are added to the audit event that records the change, e.g. {@code sessions_revoked}.
     */
    Uni<Map<String, Object>> changed(UserChange change);
}
