package dev.vigil.auth;

import dev.vigil.common.security.ApiKeyScopes;
import java.util.Set;
import java.util.UUID;

/**
 * What a valid API key lets its bearer be.
 *
 * @param keyId the key
 * @param principalId the owner's user id; for a service key, the service principal's own id
 * @param service true for a service key, which acts for no person
 * @param roles the roles of the request ({@code user}, plus {@code admin} only when scoped so and the
 *     owner is an admin; {@code service} for service keys)
 * @param scopes the key's scopes ({@link ApiKeyScopes})
 * @param tier the owner's subscription tier; null for a service key
 */
public record ApiKeyGrant(UUID keyId, UUID principalId, boolean service, Set<String> roles, Set<String> scopes,
        String tier) {
}
