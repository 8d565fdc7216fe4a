package dev.vigil.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.user.UserChange;
import dev.vigil.user.UserLifecycleListener;
import io.smallrye.mutiny.Uni;

/**
 * A reset link must not outlive the password, address or trust it was sent under: a password change
 * or reset, a confirmed new address, an undone address change and a deletion spend every outstanding
 * one (a link mailed to an intruder's address, or picked from the mailbox before a change, is dead).
 */
@ApplicationScoped
public class ResetLinks implements UserLifecycleListener {

    private final OneTimeTokens tokens;

    public ResetLinks(OneTimeTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<Map<String, Object>> changed(UserChange change) {
        return switch (change.kind()) {
            case PASSWORD_CHANGED, PASSWORD_RESET, EMAIL_CHANGED, EMAIL_CHANGE_UNDONE -> tokens
                    .spendAll(TokenPurpose.RESET_PASSWORD, change.userId())
                    .map(spent -> spent == 0 ? Map.of() : Map.of("reset_links_spent", spent));
            case DELETED, BANNED, ROLES_CHANGED, SIGNED_OUT_EVERYWHERE -> Uni.createFrom().item(Map.of());
        };
    }
}
