package dev.vigil.apikey;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.user.UserChange;
import dev.vigil.user.UserLifecycleListener;
import io.smallrye.mutiny.Uni;

/**
 * Recovery evicts: when the account is taken back (a password reset, an address change its old owner
 * disowned) every API key of the user dies in the same transaction, so a key an intruder made
 * cannot outlive the recovery; {@code logout-all} ends them when asked. A password change by the
 * user, who knew the old one, leaves the keys alone (scripts keep running). The database trigger
 * announces each deletion to every instance's key cache.
 */
@ApplicationScoped
public class ApiKeyEviction implements UserLifecycleListener {

    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;

    public ApiKeyEviction(ApiKeyRepository keys, ApiKeyCache cache) {
        this.keys = keys;
        this.cache = cache;
    }

    @Override
    public Uni<Map<String, Object>> changed(UserChange change) {
        boolean evict = switch (change.kind()) {
            case PASSWORD_RESET, EMAIL_CHANGE_UNDONE -> true;
            case SIGNED_OUT_EVERYWHERE -> change.includeApiKeys();
            case DELETED, BANNED, ROLES_CHANGED, PASSWORD_CHANGED, EMAIL_CHANGED -> false;
        };
        if (!evict) {
            return Uni.createFrom().item(Map.of());
        }
        return keys.deleteAllOfUser(change.userId())
                .invoke(() -> cache.forget(change.userId()))
                .map(deleted -> Map.of("api_keys_revoked", deleted));
    }
}
