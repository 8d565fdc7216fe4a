package dev.vigil.admin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.auth.Credentials;
import dev.vigil.auth.Lockout;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordHasher;
import io.smallrye.mutiny.Uni;

/**
 * The admin PIN: a second secret an admin may set so that a stolen access token alone cannot change
 * other users. Hashed like a password. Missing and wrong PINs get the same answer and cost the same
 * hash; nothing ever tells whether an admin has a PIN.
 */
@ApplicationScoped
public class AdminPinService {

    private final Credentials credentials;
    private final PasswordHasher hasher;
    private final Lockout lockout;

    public AdminPinService(Credentials credentials, PasswordHasher hasher, Lockout lockout) {
        this.credentials = credentials;
        this.hasher = hasher;
        this.lockout = lockout;
    }

    /** Sets or replaces the admin's PIN after checking their password. */
    public Uni<Void> set(UUID adminId, AdminPinRequest request) {
        return credentials.confirm(adminId, request.password())
                .chain(() -> hasher.hash(request.pin()))
                .chain(hash -> credentials.setAdminPinHash(adminId, hash));
    }

    /** Removes the admin's PIN after checking their password. */
    public Uni<Void> remove(UUID adminId, AdminPinRemoval request) {
        return credentials.confirm(adminId, request.password())
                .chain(() -> credentials.setAdminPinHash(adminId, null));
    }

    /**
     * Passes when the admin has no PIN, or when {@code presented} is it; otherwise 403
     * {@code admin-pin-required}, the same for a missing and a wrong PIN. A wrong or missing PIN
     * counts as a failed login of the admin, so guessing it locks the admin's account.
     */
    public Uni<Void> require(UUID adminId, String presented, ClientInfo client) {
        return credentials.adminPinHash(adminId)
                .chain(hash -> hash == null
                        ? Uni.createFrom().voidItem()
                        : hasher.verify(presented == null ? "" : presented, hash)
                                .chain(check -> check.matches()
                                        ? Uni.createFrom().voidItem()
                                        : lockout.recordFailure(adminId, client)
                                                .chain(() -> Uni.createFrom().failure(pinRequired()))));
    }

    private static VigilException pinRequired() {
        return new VigilException(AdminError.ADMIN_PIN_REQUIRED, "Send your admin PIN in the X-Admin-Pin header");
    }
}
