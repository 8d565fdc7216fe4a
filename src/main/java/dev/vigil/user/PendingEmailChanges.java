package dev.vigil.user;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import io.smallrye.mutiny.Uni;

/**
 * Recovery drops a pending address change: an intruder who asked for their own address before the
 * owner reset the password must not be able to confirm it afterwards, so the pending address and
 * its verification links go with the reset.
 */
@ApplicationScoped
public class PendingEmailChanges implements UserLifecycleListener {

    private final UserRepository users;
    private final OneTimeTokens tokens;

    public PendingEmailChanges(UserRepository users, OneTimeTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public Uni<Map<String, Object>> changed(UserChange change) {
        if (change.kind() != UserChange.Kind.PASSWORD_RESET) {
            return Uni.createFrom().item(Map.of());
        }
        return users.update("pendingEmail = null, pendingEmailSessionId = null where id = ?1 and pendingEmail is not null",
                        change.userId())
                .call(cancelled -> cancelled > 0 ? tokens.spendAll(TokenPurpose.VERIFY_EMAIL, change.userId())
                        : Uni.createFrom().voidItem())
                .map(cancelled -> cancelled > 0 ? Map.<String, Object>of("pending_email_cancelled", true) : Map.of());
    }
}
