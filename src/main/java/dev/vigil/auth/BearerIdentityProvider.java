package dev.vigil.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a verified, unrevoked access token into the request's identity. */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ACCESS_TOKEN_ATTRIBUTE = "vigil.access-token";

    private final AccessTokenVerifier verifier;
    private final RevokedSessions revokedSessions;

    public BearerIdentityProvider(AccessTokenVerifier verifier, RevokedSessions revokedSessions) {
        this.verifier = verifier;
        this.revokedSessions = revokedSessions;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        AccessToken token = verifier.verify(request.getToken().getToken()).orElse(null);
        if (token == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return revokedSessions.isRevoked(token.sessionId())
                .map(revoked -> {
                    if (revoked) {
                        throw new AuthenticationFailedException();
                    }
                    return identity(token);
                });
    }

    private static SecurityIdentity identity(AccessToken token) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.userId().toString()))
                .addRoles(token.roles())
                .addAttribute(ACCESS_TOKEN_ATTRIBUTE, token)
                .build();
    }
}
