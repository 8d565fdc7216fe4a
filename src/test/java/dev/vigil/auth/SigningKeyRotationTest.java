package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.registered;
import static dev.vigil.support.Problems.assertUnauthorized;
import static dev.vigil.support.Sessions.me;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SigningKeyRotation.Rotation;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Jwts;
import dev.vigil.support.MutableClock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Signing keys rotate without a single refused token: a new key is in the JWKS (of every instance)
 * before it signs, every instance switches to it at the same instant, and the old key is published
 * until the last token it signed has expired.
 */
@QuarkusTest
class SigningKeyRotationTest {

    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
    private static final Duration LAST_TOKEN_LIFE = Duration.ofMinutes(10).plusSeconds(30);
    /**
     * The test clock also moves with elapsed time, so "just before" a deadline leaves this much room
     * for the requests in between on a loaded machine.
     */
    private static final Duration SLACK = Duration.ofSeconds(20);

    @Inject
    SigningKeys keys;

    @Inject
    SigningKeyRotation rotation;

    @Inject
    DataSource dataSource;

    @Inject
    Pool pool;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    SecretSealer sealer;

    @Inject
    MutableClock clock;

    private SigningKeySnapshot before;

    @BeforeEach
    void keepTheStoredKeys() {
        before = SigningKeySnapshot.take(dataSource);
    }

    @AfterEach
    void resetClockAndKeys() {
        clock.reset();
        before.restore(keys);
    }

    @Test
    void aNewKeyIsPublishedAtOnceAndSignsOnlyAfterThePublicationDelay() throws Exception {
        TestUser user = registered();
        Rotation rotated = freshRotation();
        SigningKeys otherInstance = startAnotherInstance();

        assertTrue(publishedKids().containsAll(List.of(rotated.kid(), rotated.replacesKid())), publishedKids()::toString);
        assertTrue(otherInstance.jwks().contains(rotated.kid()), "another instance publishes it too");
        clock.advance(Duration.between(clock.instant(), rotated.signsFrom()).minusSeconds(1));

        String beforeSwitch = accessToken(user);
        assertEquals(rotated.replacesKid(), kid(beforeSwitch), "the old key signs until the new one's time");
        assertEquals(rotated.replacesKid(), otherInstance.current().kid());

        clock.advance(Duration.ofSeconds(2));

        String afterSwitch = accessToken(user);
        assertEquals(rotated.kid(), kid(afterSwitch));
        assertEquals(rotated.kid(), otherInstance.current().kid(), "every instance switches at the same instant");
        verifiesAgainstTheJwks(beforeSwitch);
        verifiesAgainstTheJwks(afterSwitch);
        me(beforeSwitch).then().statusCode(200);
        me(afterSwitch).then().statusCode(200);
    }

    @Test
    void theOldKeyIsDroppedOnceItsLastTokenExpired() {
        TestUser user = registered();
        Rotation rotated = freshRotation();
        clock.advance(Duration.between(clock.instant(), rotated.signsFrom()).minusSeconds(1));
        String lastOldToken = accessToken(user);
        assertEquals(rotated.replacesKid(), kid(lastOldToken));

        clock.advance(LAST_TOKEN_LIFE.minus(SLACK));
        assertTrue(publishedKids().contains(rotated.replacesKid()), "its last token is not expired yet");
        me(lastOldToken).then().statusCode(200);

        clock.advance(SLACK.plusSeconds(2));
        assertFalse(publishedKids().contains(rotated.replacesKid()), publishedKids()::toString);
        assertTrue(publishedKids().contains(rotated.kid()));
        assertUnauthorized(me(lastOldToken));
        assertFalse(startAnotherInstance().jwks().contains(rotated.replacesKid()), "nor loaded by a new instance");
        me(accessToken(user)).then().statusCode(200);
    }

    /**
     * Every instance looks for a due rotation; under the database's lock only one makes the key and
     * the others answer with it.
     */
    @Test
    void aRotationIsDueAfterTheConfiguredPeriodAndOnlyOneInstanceMakesIt() {
        SigningKeyRotation otherInstance = new SigningKeyRotation(startAnotherInstance(), pool, tokenConfig, clock);
        Rotation early = rotation.rotateIfDue().await().indefinitely();
        assertTrue(early == null || !early.created(), "nothing is made before the period is over");
        Instant newest = ((Timestamp) Db.single(dataSource,
                "SELECT max(activates_at) FROM signing_keys WHERE retired_at IS NULL")).toInstant();
        clock.advance(Duration.between(clock.instant(), newest.plus(Duration.ofDays(90))).plusSeconds(1));
        long pendingBefore = pendingKeys();
        String made = null;
        try {
            List<Rotation> both = Uni.combine().all()
                    .unis(rotation.check().replaceWith(() -> (Rotation) null), otherInstance.rotateIfDue())
                    .with(results -> results.stream().map(Rotation.class::cast).toList())
                    .await().indefinitely();
            made = (String) Db.single(dataSource, "SELECT kid FROM signing_keys WHERE activates_at > ?", clock.instant());

            assertEquals(0, pendingBefore);
            assertEquals(1, pendingKeys(), "one new key for two instances");
            assertEquals(made, both.get(1).kid(), "the other instance answers with the key that was made");
            assertTrue(publishedKids().contains(made), "published at once by the instance that checked");
        } finally {
            undo(made);
        }
    }

    @Test
    void housekeepingDeletesKeysWhoseLastTokenExpiredAndKeepsTheOthers() {
        Instant now = clock.instant();
        SigningKey gone = SigningKeys.generate(SigningAlgorithm.ES256, now.minus(Duration.ofDays(100)), now.minus(LAST_TOKEN_LIFE).minusSeconds(1));
        SigningKey recent = SigningKeys.generate(SigningAlgorithm.ES256, now.minus(Duration.ofDays(100)), now.minus(Duration.ofMinutes(1)));
        for (SigningKey key : List.of(gone, recent)) {
            Db.update(dataSource, "INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at, activates_at, retired_at)"
                    + " VALUES (?, 'ES256', ?, ?, ?, ?, ?)", key.kid(), SigningKeys.storedPublicKey(key), keys.storedPrivateKey(key),
                    key.activatesAt(), key.activatesAt(), key.retiredAt());
        }
        try {
            long removed = rotation.prune().await().indefinitely();

            assertTrue(removed >= 1, "removed " + removed);
            assertEquals(0L, count(gone.kid()));
            assertEquals(1L, count(recent.kid()));
        } finally {
            Db.update(dataSource, "DELETE FROM signing_keys WHERE kid IN (?, ?)", gone.kid(), recent.kid());
        }
    }

    /** A rotation made now; when an earlier one still waits to sign, time is moved past it first. */
    private Rotation freshRotation() {
        Rotation rotated = rotation.rotate().await().indefinitely();
        if (!rotated.created()) {
            clock.advance(Duration.between(clock.instant(), rotated.signsFrom()).plusSeconds(1));
            rotated = rotation.rotate().await().indefinitely();
        }
        assertTrue(rotated.created());
        assertNotNull(rotated.replacesKid());
        assertNotEquals(rotated.replacesKid(), rotated.kid());
        assertEquals(clock.instant().plus(PUBLISH_AHEAD).getEpochSecond(), rotated.signsFrom().getEpochSecond(), 1.0);
        return rotated;
    }

    /** Takes back a key made by a test whose clock was moved months ahead, so later tests do not meet it. */
    private void undo(String kid) {
        if (kid != null) {
            Db.update(dataSource, "UPDATE signing_keys SET retired_at = NULL WHERE retired_at = (SELECT activates_at FROM"
                    + " signing_keys WHERE kid = ?)", kid);
            Db.update(dataSource, "DELETE FROM signing_keys WHERE kid = ?", kid);
        }
        clock.reset();
        keys.reload().await().indefinitely();
    }

    private SigningKeys startAnotherInstance() {
        SigningKeys other = new SigningKeys(dataSource, pool, tokenConfig, clock, sealer);
        other.onStart(new StartupEvent());
        return other;
    }

    private void verifiesAgainstTheJwks(String token) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedAudience("http://localhost:8080")
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build()
                .processToClaims(token);
    }

    private static List<String> publishedKids() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private static String kid(String token) {
        return Jwts.header(token).getString("kid");
    }

    private long pendingKeys() {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys WHERE activates_at > ?", clock.instant())).longValue();
    }

    private long count(String kid) {
        return ((Number) Db.single(dataSource, "SELECT count(*) FROM signing_keys WHERE kid = ?", kid)).longValue();
    }
}
