package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** Signs access tokens (ES256, {@code kid} in the header) with the current signing key. */
@ApplicationScoped
class TokenIssuer {

    static final String CLAIM_SESSION = "sid";
    static final String CLAIM_EMAIL_VERIFIED = "email_verified";
    static final String CLAIM_TIER = "tier";

    private final SigningKeys keys;
    private final TokenConfig config;
    private final Clock clock;
    private final String issuer;

    TokenIssuer(SigningKeys keys, TokenConfig config, Clock clock,
            @ConfigProperty(name = "vigil.public-url", defaultValue = "http://localhost:8080") String issuer) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.issuer = issuer;
    }

    String issuer() {
        return issuer;
    }

    String issue(AccessToken token) {
        SigningKey key = keys.current();
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .subject(token.userId().toString())
                .claim(CLAIM_SESSION, token.sessionId().toString())
                .groups(token.roles())
                .claim(CLAIM_EMAIL_VERIFIED, token.emailVerified())
                .claim(CLAIM_TIER, token.tier())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTtl()))
                .jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.ES256)
                .sign(key.privateKey());
    }
}
