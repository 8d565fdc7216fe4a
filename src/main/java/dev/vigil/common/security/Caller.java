package dev.vigil.common.security;

import java.util.Set;
import java.util.UUID;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The authenticated user behind a request: through an access token (with its session) or through one
 * of the user's API keys ({@code sessionId} null, {@code apiKeyId} set, and the key's scopes).
 *
 * @param userId the user, the subject of every {@code /me} endpoint
 * @param sessionId the login session of the access token; null for an API key, which has none
 * @param tier the subscription tier the quotas apply (the token's claim, or the key owner's account)
 * @param apiKeyId the API key used, or null for an access token
 * @param scopes the API key's scopes ({@link ApiKeyScopes}); empty for an access token
 */
public record Caller(UUID userId, UUID sessionId, String tier, UUID apiKeyId, Set<String> scopes) {

    /** The identity attribute under which the authentication mechanism leaves the caller. */
    public static final String ATTRIBUTE = "vigil.caller";

    /** The identity attribute that marks a service key's request (a principal that is no person). */
    public static final String SERVICE_ATTRIBUTE = "vigil.service-key";

    /** A caller who logged in (an access token of this session). */
    public Caller(UUID userId, UUID sessionId) {
        this(userId, sessionId, null, null, Set.of());
    }

    public Caller {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /**
     * The user behind the request. A request without a user (anonymous, or a service key, which acts
     * for no person) cannot reach a user's endpoints: 401 and 403.
     */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller != null) {
            return caller;
        }
        if (identity.getAttribute(SERVICE_ATTRIBUTE) != null) {
            throw new ForbiddenException();
        }
        throw new UnauthorizedException();
    }

    /** The user behind the identity, or null (anonymous, a service key); never throws. */
    public static Caller find(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(ATTRIBUTE);
    }

    /** True for an API key, false for an access token of a login session. */
    public boolean viaApiKey() {
        return apiKeyId != null;
    }

    /**
     * For actions behind {@link RequiresCredentialAccess} that one endpoint takes only sometimes (an
     * email change within {@code PATCH /me}), or on endpoints that already carry another security
     * annotation (the admin role: the admin PIN, service keys): 403 unless the caller logged in or
     * the key is scoped {@value ApiKeyScopes#CREDENTIALS}.
     */
    public void requireCredentialAccess() {
        if (viaApiKey() && !scopes.contains(ApiKeyScopes.CREDENTIALS)) {
            throw new ForbiddenException();
        }
    }
}
