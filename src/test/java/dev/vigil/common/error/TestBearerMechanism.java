package dev.vigil.common.error;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Test-only bearer mechanism beside the real token check: {@code Bearer good} is a plain user,
 * {@code Bearer admin} an admin. It runs first and leaves every other header to the real
 * {@code BearerAuthenticationMechanism}, which rejects forged tokens and accepts real access tokens,
 * so tests of real logins share the application with these.
 */
@ApplicationScoped
public class TestBearerMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(PREFIX.length());
        return switch (token) {
            case "good" -> Uni.createFrom().item(identity("alice", "user"));
            case "admin" -> Uni.createFrom().item(identity("root", "admin"));
            default -> Uni.createFrom().nullItem();
        };
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    private static SecurityIdentity identity(String name, String role) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRole(role)
                .build();
    }
}
