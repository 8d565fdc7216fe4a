package dev.vigil.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.security.ApiKeyScopes;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresCredentialAccess;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a verified, unrevoked access token, or a live API key, into the request's identity. Access
 * tokens come from a login, so they carry the {@value ApiKeyScopes#CREDENTIALS} permission
 * ({@link RequiresCredentialAccess}); API keys carry it only when scoped so.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ACCESS_TOKEN_ATTRIBUTE = "vigil.access-token";

    private final AccessTokenVerifier verifier;
    private final RevokedSessions revokedSessions;
    private final ApiKeyAuthenticator apiKeys;

    public BearerIdentityProvider(AccessTokenVerifier verifier, RevokedSessions revokedSessions,
            ApiKeyAuthenticator apiKeys) {
        this.verifier = verifier;
        this.revokedSessions = revokedSessions;
        this.apiKeys = apiKeys;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String bearer = request.getToken().getToken();
        if (apiKeys.recognizes(bearer)) {
            return apiKeys.authenticate(bearer)
                    .map(BearerIdentityProvider::identity);
        }
        AccessToken token = verifier.verify(bearer).orElse(null);
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
                .addPermissionAsString(ApiKeyScopes.CREDENTIALS)
                .addAttribute(ACCESS_TOKEN_ATTRIBUTE, token)
                .addAttribute(Caller.ATTRIBUTE, new Caller(token.userId(), token.sessionId(), token.tier(), null, Set.of()))
                .build();
    }

    private static SecurityIdentity identity(ApiKeyGrant grant) {
        if (grant == null) {
            throw new AuthenticationFailedException();
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(grant.principalId().toString()))
                .addRoles(grant.roles());
        if (grant.scopes().contains(ApiKeyScopes.CREDENTIALS)) {
            builder.addPermissionAsString(ApiKeyScopes.CREDENTIALS);
        }
        if (grant.service()) {
            builder.addAttribute(Caller.SERVICE_ATTRIBUTE, grant);
        } else {
            builder.addAttribute(Caller.ATTRIBUTE,
                    new Caller(grant.principalId(), null, grant.tier(), grant.keyId(), grant.scopes()));
        }
        return builder.build();
    }
}
