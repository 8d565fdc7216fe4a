package dev.vigil.admin;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.auth.Credentials;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Setting and removing the admin PIN: a second secret an admin may set so that a stolen access
 * token or API key alone cannot make admin changes. Hashed like a password and kept by
 * {@link Credentials}; the check on every admin write is {@code auth}'s ({@code @RequiresAdminPin}).
 * Nothing ever tells whether an admin has a PIN.
 */
@ApplicationScoped
public class AdminPinService {

    private final Credentials credentials;
    private final PasswordHasher hasher;

    public AdminPinService(Credentials credentials, PasswordHasher hasher) {
        this.credentials = credentials;
        this.hasher = hasher;
    }

    /**
     * Sets or replaces the admin's PIN after checking their password; a lock of the old PIN ends. 403
     * for an API key without the {@code credentials} scope, before the password is looked at.
     */
    public Uni<Void> set(Caller admin, AdminPinRequest request) {
        return Uni.createFrom().voidItem()
                .invoke(admin::requireCredentialAccess)
                .chain(() -> credentials.confirm(admin.userId(), request.password()))
                .chain(() -> hasher.hash(request.pin()))
                .chain(hash -> credentials.setAdminPinHash(admin.userId(), hash));
    }

    /** Removes the admin's PIN after checking their password; the same credential access as {@link #set}. */
    public Uni<Void> remove(Caller admin, AdminPinRemoval request) {
        return Uni.createFrom().voidItem()
                .invoke(admin::requireCredentialAccess)
                .chain(() -> credentials.confirm(admin.userId(), request.password()))
                .chain(() -> credentials.setAdminPinHash(admin.userId(), null));
    }
}
