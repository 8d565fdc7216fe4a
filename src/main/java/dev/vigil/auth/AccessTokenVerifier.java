package dev.vigil.auth;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Checks an access token's signature and claims. Only ES256 with one of our own keys (by
 * {@code kid}) is accepted, so {@code alg: none} and HMAC with the public key as secret fail
 * before any claim is read. Revocation is checked separately, by {@link RevokedSessions}.
 */
@ApplicationScoped
class AccessTokenVerifier {

    private static final int CLOCK_SKEW_SECONDS = 30;

    private final TokenIssuer issuer;
    private final Clock clock;
    private final VerificationKeyResolver resolver;

    AccessTokenVerifier(SigningKeys keys, TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        this.resolver = (jws, nestingContext) -> {
            SigningKey key = keys.forKid(jws.getKeyIdHeaderValue());
            if (key == null) {
                throw new org.jose4j.lang.UnresolvableKeyException("Unknown key id");
            }
            return key.publicKey();
        };
    }

    Optional<AccessToken> verify(String jwt) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(resolver)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(issuer.issuer())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setSkipDefaultAudienceValidation()
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            String sessionId = claims.getStringClaimValue(TokenIssuer.CLAIM_SESSION);
            if (sessionId == null) {
                return Optional.empty();
            }
            List<String> groups = claims.getStringListClaimValue("groups");
            return Optional.of(new AccessToken(
                    UUID.fromString(claims.getSubject()),
                    UUID.fromString(sessionId),
                    new LinkedHashSet<>(groups == null ? List.of() : groups),
                    Boolean.TRUE.equals(claims.getClaimValue(TokenIssuer.CLAIM_EMAIL_VERIFIED, Boolean.class)),
                    claims.getStringClaimValue(TokenIssuer.CLAIM_TIER)));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
