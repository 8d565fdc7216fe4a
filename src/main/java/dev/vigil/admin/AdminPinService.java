package dev.vigil.admin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.user.UserError;
import dev.vigil.user.UserService;
import io.smallrye.mutiny.Uni;

/**
 * The admin PIN: a second secret an admin may set so that a stolen access token alone cannot change
 * other users. Hashed like a password. Missing and wrong PINs get the same answer and cost the same
 * hash; nothing ever tells whether an admin has a PIN.
 */
@ApplicationScoped
public class AdminPinService {

    private final UserService users;
    private final PasswordHasher hasher;

    public AdminPinService(UserService users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** Sets or replaces the admin's PIN after checking their password. */
    public Uni<Void> set(UUID adminId, AdminPinRequest request) {
        return requirePassword(adminId, request.password())
                .chain(() -> hasher.hash(request.pin()))
                .chain(hash -> users.setAdminPinHash(adminId, hash));
    }

    /** Removes the admin's PIN after checking their password. */
    public Uni<Void> remove(UUID adminId, AdminPinRemoval request) {
        return requirePassword(adminId, request.password())
                .chain(() -> users.setAdminPinHash(adminId, null));
    }

    /**
     * Passes when the admin has no PIN, or when {@code presented} is it; otherwise 403
     * {@code admin-pin-required}, the same for a missing and a wrong PIN.
     */
    public Uni<Void> require(UUID adminId, String presented) {
        return users.adminPinHash(adminId)
                .chain(hash -> hash == null
                        ? Uni.createFrom().voidItem()
                        : hasher.verify(presented == null ? "" : presented, hash)
                                .invoke(check -> {
                                    if (!check.matches()) {
                                        throw new VigilException(AdminError.ADMIN_PIN_REQUIRED,
                                                "Send your admin PIN in the X-Admin-Pin header");
                                    }
                                })
                                .replaceWithVoid());
    }

    private Uni<Void> requirePassword(UUID userId, String password) {
        return users.passwordMatches(userId, password)
                .invoke(matches -> {
                    if (!matches) {
                        throw new VigilException(UserError.WRONG_PASSWORD, "The password is not right");
                    }
                })
                .replaceWithVoid();
    }
}
