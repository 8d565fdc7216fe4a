package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs access tokens with the current signing key, in that key's algorithm (ES256 or EdDSA, see
 * {@link SigningAlgorithm}): {@code alg}, {@code kid} and {@code typ: at+jwt} (RFC 9068) in the header, {@code aud} = {@code vigil.tokens.audience}. The session a token names is
 * known to be live here from then on, so its requests need no database look-up
 * ({@link RevokedSessions}).
 */
@ApplicationScoped
class TokenIssuer {

    static final String CLAIM_SESSION = "sid";
    static final String CLAIM_GROUPS = "groups";
    static final String CLAIM_EMAIL_VERIFIED = "email_verified";
    static final String CLAIM_TIER = "tier";
    /** The JWT type of access tokens (RFC 9068), in the header. */
    static final String TYPE = "at+jwt";

    private final SigningKeys keys;
    private final RevokedSessions sessions;
    private final TokenConfig config;
    private final Clock clock;
    private final String issuer;

    TokenIssuer(SigningKeys keys, RevokedSessions sessions, TokenConfig config, Clock clock,
            @ConfigProperty(name = "vigil.public-url", defaultValue = "http://localhost:8080") String issuer) {
        this.keys = keys;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.issuer = issuer;
    }

    String issuer() {
        return issuer;
    }

    String audience() {
        return config.audience();
    }

    String issue(AccessToken token) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(config.audience());
        claims.setSubject(token.userId().toString());
        claims.setClaim(CLAIM_SESSION, token.sessionId().toString());
        claims.setStringListClaim(CLAIM_GROUPS, List.copyOf(token.roles()));
        claims.setClaim(CLAIM_EMAIL_VERIFIED, token.emailVerified());
        claims.setClaim(CLAIM_TIER, token.tier());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(config.accessTtl()).getEpochSecond()));

        SigningKey key = keys.current();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setAlgorithmHeaderValue(key.algorithm().jose());
        jws.setHeader("typ", TYPE);
        jws.setProviderContext(JoseProviders.BOUNCY_CASTLE);
        sessions.knownLive(token.sessionId());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
    }
}
