package dev.vigil.auth;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.auth.SecretSealer.Purpose;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * TOTP secrets are stored sealed, and TOTP logins work as before. This profile gives the key under
 * its old name, {@code vigil.mfa.secret-key}, which still works; secrets stored unsealed or in the
 * form that name wrote before are sealed anew at start-up.
 */
@QuarkusTest
@TestProfile(TotpEncryptedSecretTest.KeyUnderItsOldName.class)
class TotpEncryptedSecretTest {

    /** The tests' key, given only under the old name. */
    public static class KeyUnderItsOldName implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.secret-key", "", "vigil.mfa.secret-key", testKey());
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    TotpSecretSealer totpSecrets;

    @Inject
    SecretSealer sealer;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theStoredSecretIsSealedAndTheTwoStepLoginStillWorks() {
        TestUser user = verified();
        byte[] secret = enrol(user);

        byte[] stored = storedSecret(user);
        assertEquals(2 + 12 + Totp.SECRET_BYTES + 16, stored.length, "sealed, not the 20-byte secret");
        assertEquals(SecretSealer.FORMAT, stored[0]);
        assertArrayEquals(secret, new SecretSealer(Base64.getDecoder().decode(testKey()))
                .open(Purpose.TOTP_SECRET, userId(user).toString(), stored), "sealed with the key given under the old name");
        assertThrows(IllegalStateException.class, () -> new SecretSealer((byte[]) null)
                .open(Purpose.TOTP_SECRET, userId(user).toString(), stored), "useless without the key");

        logInWithTotp(user, secret);
    }

    @Test
    void secretsStoredUnsealedOrInTheEarlierFormAreSealedAtStartAndStillWork() throws Exception {
        TestUser plainUser = verified();
        byte[] plainSecret = enrol(plainUser);
        Db.update(dataSource, "UPDATE totp_credentials SET secret = ? WHERE user_id = ?", plainSecret, userId(plainUser));
        TestUser earlierUser = verified();
        byte[] earlierSecret = enrol(earlierUser);
        Db.update(dataSource, "UPDATE totp_credentials SET secret = ? WHERE user_id = ?",
                earlierForm(userId(earlierUser), earlierSecret), userId(earlierUser));

        totpSecrets.onStart(new StartupEvent());

        for (TestUser user : new TestUser[] {plainUser, earlierUser}) {
            byte[] stored = storedSecret(user);
            assertEquals(2 + 12 + Totp.SECRET_BYTES + 16, stored.length);
            assertEquals(SecretSealer.FORMAT, stored[0]);
        }
        byte[] sealedOnce = storedSecret(plainUser);
        totpSecrets.onStart(new StartupEvent());
        assertArrayEquals(sealedOnce, storedSecret(plainUser), "sealing again changes nothing");
        logInWithTotp(plainUser, plainSecret);
        clock.reset();
        logInWithTotp(earlierUser, earlierSecret);
    }

    @Test
    void aStartWithAnotherKeyThanTheSecretsWereSealedWithStopsWithAClearError() {
        TestUser user = verified();
        enrol(user);
        TotpSecretSealer withOtherKey = new TotpSecretSealer(keyWithAnotherId(), dataSource);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> withOtherKey.onStart(new StartupEvent()));
        assertTrue(failure.getMessage().contains("another vigil.secret-key"), failure.getMessage());
        IllegalStateException withoutKey = assertThrows(IllegalStateException.class,
                () -> new TotpSecretSealer(new SecretSealer((byte[]) null), dataSource).onStart(new StartupEvent()));
        assertTrue(withoutKey.getMessage().contains("set vigil.secret-key"), withoutKey.getMessage());
    }

    /** Another key, with another id byte than the configured one (one random key in 256 shares it). */
    private SecretSealer keyWithAnotherId() {
        while (true) {
            byte[] other = new byte[32];
            new SecureRandom().nextBytes(other);
            SecretSealer candidate = new SecretSealer(other);
            if (candidate.keyId() != sealer.keyId()) {
                return candidate;
            }
        }
    }

    private byte[] enrol(TestUser user) {
        String token = accessToken(user);
        byte[] secret = Totp.fromBase32(as(token).post("/api/v1/me/mfa/totp").then().statusCode(201)
                .extract().path("secret"));
        as(token).contentType(ContentType.JSON).body(Map.of("code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/me/mfa/totp/confirm").then().statusCode(200);
        return secret;
    }

    private void logInWithTotp(TestUser user, byte[] secret) {
        String mfaToken = given().contentType(ContentType.JSON)
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(200)
                .body("mfa_required", equalTo(true))
                .extract().path("mfa_token");
        clock.advance(Duration.ofSeconds(30));
        given().contentType(ContentType.JSON)
                .body(Map.of("mfa_token", mfaToken, "code", Totp.code(secret, Totp.step(clock.instant()))))
                .post("/api/v1/auth/login/mfa").then().statusCode(200)
                .body("access_token", notNullValue());
    }

    private byte[] storedSecret(TestUser user) {
        return (byte[]) Db.single(dataSource, "SELECT secret FROM totp_credentials WHERE user_id = ?", userId(user));
    }

    private UUID userId(TestUser user) {
        return (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = ?", user.username());
    }

    /** What vigil.mfa.secret-key stored before: 0x01, nonce, AES-GCM with the user id's 16 bytes as associated data. */
    private static byte[] earlierForm(UUID userId, byte[] secret) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(testKey()), "AES"),
                new GCMParameterSpec(128, nonce));
        cipher.updateAAD(ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits())
                .putLong(userId.getLeastSignificantBits()).array());
        byte[] sealed = cipher.doFinal(secret);
        return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }

    /** The secret key every test application uses (test resources), which this profile gives under the old name. */
    static String testKey() {
        try (InputStream in = TotpEncryptedSecretTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("vigil.secret-key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
