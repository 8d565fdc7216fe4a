package dev.vigil.common.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.mutiny.core.Vertx;

class PasswordHasherTest {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final String PASSWORD = "correct horse battery staple";

    private static Vertx vertx;
    private static PasswordHasher defaultHasher;
    private static PasswordHasher cheapHasher;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        defaultHasher = new PasswordHasher(StubPasswordConfig.defaults(), vertx);
        cheapHasher = new PasswordHasher(StubPasswordConfig.cheap(), vertx);
    }

    @AfterAll
    static void stopVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void hashIsAPhcStringCarryingTheConfiguredParameters() {
        String phc = hash(defaultHasher, PASSWORD);

        Matcher m = PHC.matcher(phc);
        assertTrue(m.matches(), "not a PHC Argon2id string");
        assertEquals("19456", m.group(1));
        assertEquals("2", m.group(2));
        assertEquals("1", m.group(3));
        assertEquals(PasswordHasher.SALT_BYTES, Base64.getDecoder().decode(m.group(4)).length);
        assertEquals(PasswordHasher.TAG_BYTES, Base64.getDecoder().decode(m.group(5)).length);
        assertEquals(22, m.group(4).length(), "16-byte salt as unpadded Base64");
        assertEquals(43, m.group(5).length(), "32-byte tag as unpadded Base64");
    }

    @Test
    void rightPasswordMatchesItsOwnHashWithoutRehash() {
        String phc = hash(defaultHasher, PASSWORD);

        assertEquals(new PasswordCheck(true, false), verify(defaultHasher, PASSWORD, phc));
    }

    @Test
    void wrongPasswordDoesNotMatch() {
        String phc = hash(cheapHasher, PASSWORD);

        assertEquals(PasswordCheck.NO_MATCH, verify(cheapHasher, "correct horse battery stapler", phc));
        assertEquals(PasswordCheck.NO_MATCH, verify(cheapHasher, "", phc));
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        String first = hash(cheapHasher, PASSWORD);
        String second = hash(cheapHasher, PASSWORD);

        assertNotEquals(first, second);
        assertTrue(verify(cheapHasher, PASSWORD, first).matches());
        assertTrue(verify(cheapHasher, PASSWORD, second).matches());
    }

    @Test
    void hashFromTheReferenceImplementationVerifies() {
        // Known answer from the Argon2 reference implementation's tests: "password", salt "somesalt".
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        assertEquals(new PasswordCheck(true, true), verify(cheapHasher, "password", reference));
        assertEquals(PasswordCheck.NO_MATCH, verify(cheapHasher, "passwore", reference));
    }

    @Test
    void raisedParametersAskForARehashOnlyAfterAMatch() {
        String stored = hash(cheapHasher, PASSWORD);
        PasswordHasher moreIterations = new PasswordHasher(StubPasswordConfig.cheap().withArgon2(1024, 2, 1), vertx);
        PasswordHasher moreMemory = new PasswordHasher(StubPasswordConfig.cheap().withArgon2(2048, 1, 1), vertx);
        PasswordHasher moreLanes = new PasswordHasher(StubPasswordConfig.cheap().withArgon2(1024, 1, 2), vertx);

        assertEquals(new PasswordCheck(true, true), verify(moreIterations, PASSWORD, stored));
        assertEquals(new PasswordCheck(true, true), verify(moreMemory, PASSWORD, stored));
        assertEquals(new PasswordCheck(true, true), verify(moreLanes, PASSWORD, stored));
        assertEquals(PasswordCheck.NO_MATCH, verify(moreIterations, "not the password", stored));
    }

    @Test
    void rehashedPasswordNoLongerAsksForRehash() {
        PasswordHasher raised = new PasswordHasher(StubPasswordConfig.cheap().withArgon2(2048, 2, 1), vertx);
        String old = hash(cheapHasher, PASSWORD);

        assertTrue(verify(raised, PASSWORD, old).needsRehash());
        String fresh = hash(raised, PASSWORD);
        assertEquals(new PasswordCheck(true, false), verify(raised, PASSWORD, fresh));
        assertTrue(fresh.contains("$m=2048,t=2,p=1$"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2a", "2b", "2y"})
    void importedBcryptHashVerifiesAndAsksForRehash(String version) {
        String bcrypt = bcrypt(version, PASSWORD);

        assertEquals(new PasswordCheck(true, true), verify(defaultHasher, PASSWORD, bcrypt));
    }

    @Test
    void wrongPasswordAgainstBcryptDoesNotMatch() {
        String bcrypt = bcrypt("2b", PASSWORD);

        assertEquals(PasswordCheck.NO_MATCH, verify(defaultHasher, "Correct horse battery staple", bcrypt));
    }

    @Test
    void unknownUserNeverMatchesButCostsOneArgon2idRun() {
        long before = defaultHasher.argon2Runs();

        PasswordCheck check = verify(defaultHasher, PASSWORD, null);

        assertEquals(PasswordCheck.NO_MATCH, check);
        assertEquals(before + 1, defaultHasher.argon2Runs());
        Matcher dummy = PHC.matcher(defaultHasher.dummyHash());
        assertTrue(dummy.matches(), "the stand-in must be a real Argon2id PHC hash");
        assertEquals("19456", dummy.group(1));
        assertEquals("2", dummy.group(2));
        assertEquals("1", dummy.group(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "plain text",
        "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA",
        "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQCTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$2b$04$garbage"
    })
    void unreadableStoredHashIsAMismatch(String stored) {
        assertEquals(PasswordCheck.NO_MATCH, verify(cheapHasher, "password", stored));
    }

    @Test
    void unreadableArgon2HashStillCostsOneArgon2idRun() {
        long before = cheapHasher.argon2Runs();

        verify(cheapHasher, PASSWORD, "$argon2id$v=19$m=oops");

        assertEquals(before + 1, cheapHasher.argon2Runs());
    }

    @Test
    void passwordTypedDecomposedMatchesHashOfComposedForm() {
        String composed = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e";
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e";
        assertNotEquals(composed, decomposed);

        String phc = hash(cheapHasher, composed);

        assertTrue(verify(cheapHasher, decomposed, phc).matches());
        assertTrue(verify(cheapHasher, composed, hash(cheapHasher, decomposed)).matches());
    }

    @Test
    void passwordIsUsedExactlyAsTyped() {
        String phc = hash(cheapHasher, PASSWORD);

        assertFalse(verify(cheapHasher, PASSWORD + " ", phc).matches(), "a trailing space is part of the password");
        assertFalse(verify(cheapHasher, " " + PASSWORD, phc).matches(), "a leading space is part of the password");
        assertFalse(verify(cheapHasher, PASSWORD.toUpperCase(), phc).matches(), "case is part of the password");
        assertTrue(verify(cheapHasher, PASSWORD + " ", hash(cheapHasher, PASSWORD + " ")).matches());
    }

    @Test
    void longPasswordIsNotTruncated() {
        String base = "x".repeat(300);
        String phc = hash(cheapHasher, base);

        assertFalse(verify(cheapHasher, base + "y", phc).matches());
        assertFalse(verify(cheapHasher, base.substring(1), phc).matches());
    }

    private static String hash(PasswordHasher hasher, String password) {
        return hasher.hash(password).await().indefinitely();
    }

    private static PasswordCheck verify(PasswordHasher hasher, String password, String stored) {
        return hasher.verify(password, stored).await().indefinitely();
    }

    private static String bcrypt(String version, String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(version, password.getBytes(StandardCharsets.UTF_8), salt, 4);
    }
}
