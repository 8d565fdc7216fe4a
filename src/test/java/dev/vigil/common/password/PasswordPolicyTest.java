package dev.vigil.common.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vigil.common.error.FieldError;

class PasswordPolicyTest {

    private static final String FIELD = "password";
    private static final String LOCK = "\uD83D\uDD12"; // one code point, two UTF-16 chars

    private static PasswordPolicy policy;

    @BeforeAll
    static void loadPolicy() {
        policy = new PasswordPolicy(StubPasswordConfig.defaults());
    }

    @Test
    void commonPasswordListIsLoadedInFull() {
        assertEquals(20_000, policy.commonPasswordCount());
    }

    @Test
    void elevenCharactersAreTooShort() {
        assertEquals(List.of(new FieldError(FIELD, "must be at least 12 characters")),
                check("xkcd-horse9"));
    }

    @Test
    void twelveCharactersAreEnough() {
        assertEquals(List.of(), check("xkcd-horse-9"));
    }

    @Test
    void minimumLengthComesFromConfiguration() {
        PasswordPolicy strict = new PasswordPolicy(StubPasswordConfig.cheap().withMinLength(16));

        assertEquals(List.of(new FieldError(FIELD, "must be at least 16 characters")),
                strict.check(FIELD, "xkcd-horse-9-ab", null, null));
        assertEquals(List.of(), strict.check(FIELD, "xkcd-horse-9-abc", null, null));
    }

    @Test
    void twoHundredFiftySixCharactersAreAllowed() {
        assertEquals(List.of(), check("tr0ub4dor&3-".repeat(21) + "tr0u"));
    }

    @Test
    void twoHundredFiftySevenCharactersAreTooLong() {
        assertEquals(List.of(new FieldError(FIELD, "must be at most 256 characters")),
                check("tr0ub4dor&3-".repeat(21) + "tr0ub"));
    }

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        assertEquals(List.of(new FieldError(FIELD, "must be at least 12 characters")), check(LOCK.repeat(11)));
        assertEquals(List.of(), check(LOCK.repeat(12)));
        assertEquals(List.of(), check(LOCK.repeat(256)));
        assertEquals(List.of(new FieldError(FIELD, "must be at most 256 characters")), check(LOCK.repeat(257)));
    }

    @Test
    void lengthIsMeasuredAfterNfcNormalization() {
        // Eleven decomposed "é" are 22 code points as typed but 11 characters after NFC.
        assertEquals(List.of(new FieldError(FIELD, "must be at least 12 characters")), check("e\u0301".repeat(11)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "Password1234", "PASSWORD1234", "qwerty123456", "QwErTy123456", "1qaz2wsx3edc"})
    void commonPasswordsAreRefusedWhateverTheirCase(String password) {
        assertEquals(List.of(new FieldError(FIELD, "is too common")), check(password));
    }

    @Test
    void passwordContainingTheUsernameIsRefused() {
        assertEquals(List.of(new FieldError(FIELD, "must not contain your username")),
                policy.check(FIELD, "my-name-is-ALICE-ok", "alice", "someone@example.com"));
    }

    @Test
    void passwordContainingTheEmailLocalPartIsRefused() {
        assertEquals(List.of(new FieldError(FIELD, "must not contain your email address")),
                policy.check(FIELD, "hello-Bob.Builder-99", "zed", "bob.builder@example.com"));
    }

    @Test
    void emailDomainAloneIsNotRefused() {
        assertEquals(List.of(), policy.check(FIELD, "example.com-sunrise-7", "zed", "bob@example.com"));
    }

    @Test
    void usernameAndLocalPartShorterThanThreeAreNotLookedFor() {
        assertEquals(List.of(), policy.check(FIELD, "al-jo-quiet-lantern", "al", "jo@example.com"));
    }

    @Test
    void threeCharacterUsernameIsLookedFor() {
        assertEquals(List.of(new FieldError(FIELD, "must not contain your username")),
                policy.check(FIELD, "quiet-lantern-BOB", "bob", null));
    }

    @Test
    void missingUsernameAndEmailSkipThoseRules() {
        assertEquals(List.of(), policy.check(FIELD, "quiet-lantern-bob", null, null));
    }

    @Test
    void everyViolationIsListedUnderTheGivenField() {
        List<FieldError> errors = policy.check("new_password", "Alice", "alice", "alice@example.com");

        assertEquals(List.of(
                new FieldError("new_password", "must be at least 12 characters"),
                new FieldError("new_password", "is too common"),
                new FieldError("new_password", "must not contain your username"),
                new FieldError("new_password", "must not contain your email address")), errors);
    }

    @Test
    void messagesNeverRepeatThePassword() {
        String password = "Password1234";

        List<FieldError> errors = policy.check(FIELD, password, "password", "password@example.com");

        assertEquals(3, errors.size());
        assertTrue(errors.stream().noneMatch(e -> e.message().toLowerCase().contains("password1234")));
    }

    @Test
    void missingPasswordIsReportedNotThrown() {
        assertEquals(List.of(new FieldError(FIELD, "is required")), policy.check(FIELD, null, "alice", null));
    }

    @Test
    void surroundingSpacesCountTowardsTheLength() {
        // Ten visible characters plus two spaces: acceptable only because nothing is trimmed.
        assertEquals(List.of(), check(" xkcd-horse "));
    }

    private static List<FieldError> check(String password) {
        return policy.check(FIELD, password, null, null);
    }
}
