package dev.vigil.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Checks an access token's signature and claims. Only ES256 and EdDSA are permitted, and only with
 * one of our own keys (by {@code kid}) whose algorithm is the one the header names: so
 * {@code alg: none}, HMAC with the public key as secret, and a token whose {@code alg} is not its
 * key's (one algorithm's signature presented under the other's key) fail before any claim is read. The header must say {@code typ: at+jwt} and {@code aud} must hold
 * {@code vigil.tokens.audience} (RFC 9068), so neither another kind of JWT signed with a key we
 * publish nor a token meant for another audience passes. Whether the session is live is checked
 * separately, by {@link RevokedSessions}.
 *
 * <p>A client presents the same access token for its whole life, so verified tokens are cached by
 * their exact text: a changed byte is a different key and is verified afresh. Expiry is checked
 * against the clock on every use, cached or not.
 */
@ApplicationScoped
class AccessTokenVerifier {

    private static final int CLOCK_SKEW_SECONDS = (int) SigningKeys.CLOCK_SKEW.toSeconds();

    private static final int CACHE_SIZE = 10_000;

    /** The algorithms Vigil signs with; {@code none} and every HMAC are refused before any key is looked up. */
    private static final AlgorithmConstraints PERMITTED = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            SigningAlgorithm.ES256.jose(), SigningAlgorithm.EdDSA.jose());

    private final TokenIssuer issuer;
    private final Clock clock;
    private final VerificationKeyResolver resolver;
    private final Cache<String, Verified> verified;

    /** A token whose signature and claims were checked, and when it stops being valid. */
    private record Verified(AccessToken token, Instant expiresAt) {
    }

    AccessTokenVerifier(SigningKeys keys, TokenIssuer issuer, TokenConfig config, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHE_SIZE)
                .expireAfterWrite(config.accessTtl().plusSeconds(CLOCK_SKEW_SECONDS))
                .build();
        this.resolver = (jws, nestingContext) -> {
            // A key is used with its own algorithm only, whatever else the permitted list allows.
            SigningKey key = keys.verifying(jws.getKeyIdHeaderValue(), jws.getAlgorithmHeaderValue());
            if (key == null) {
                throw new UnresolvableKeyException("No live key of this algorithm has this key id");
            }
            return key.publicKey();
        };
    }

    Optional<AccessToken> verify(String jwt) {
        Verified known = verified.getIfPresent(jwt);
        if (known != null) {
            return known.expiresAt().isAfter(clock.instant().minusSeconds(CLOCK_SKEW_SECONDS))
                    ? Optional.of(known.token()) : Optional.empty();
        }
        return check(jwt).map(checked -> {
            verified.put(jwt, checked);
            return checked.token();
        });
    }

    private Optional<Verified> check(String jwt) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(PERMITTED)
                .setVerificationKeyResolver(resolver)
                .setJwsProviderContext(JoseProviders.BOUNCY_CASTLE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(issuer.issuer())
                .setExpectedAudience(issuer.audience())
                .setExpectedType(true, TokenIssuer.TYPE)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            String sessionId = claims.getStringClaimValue(TokenIssuer.CLAIM_SESSION);
            if (sessionId == null) {
                return Optional.empty();
            }
            List<String> groups = claims.getStringListClaimValue(TokenIssuer.CLAIM_GROUPS);
            AccessToken token = new AccessToken(
                    UUID.fromString(claims.getSubject()),
                    UUID.fromString(sessionId),
                    new LinkedHashSet<>(groups == null ? List.of() : groups),
                    Boolean.TRUE.equals(claims.getClaimValue(TokenIssuer.CLAIM_EMAIL_VERIFIED, Boolean.class)),
                    claims.getStringClaimValue(TokenIssuer.CLAIM_TIER));
            return Optional.of(new Verified(token, Instant.ofEpochSecond(claims.getExpirationTime().getValue())));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
