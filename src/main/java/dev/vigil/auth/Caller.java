package dev.vigil.auth;

import java.util.UUID;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated user and session behind a request. */
public record Caller(UUID userId, UUID sessionId) {

    public static Caller of(SecurityIdentity identity) {
        AccessToken token = identity.getAttribute(BearerIdentityProvider.ACCESS_TOKEN_ATTRIBUTE);
        if (token == null) {
            throw new UnauthorizedException();
        }
        return new Caller(token.userId(), token.sessionId());
    }
}
