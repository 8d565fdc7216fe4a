package dev.vigil.account;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Told when a user moves their own account to another status (pause, resume, cancel), inside the
 * same transaction, so features that depend on the status (the check-in clock) stay in step with it
 * without the account feature knowing them.
 */
public interface AccountStatusListener {

    /** The account of {@code userId} went from {@code from} to {@code to}; joins the caller's transaction. */
    Uni<Void> statusChanged(UUID userId, AccountStatus from, AccountStatus to);
}
