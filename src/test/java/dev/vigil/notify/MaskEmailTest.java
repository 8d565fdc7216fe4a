package dev.vigil.notify;

import static dev.vigil.notify.MailRenderer.maskEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MaskEmailTest {

    @Test
    void keepsTheFirstCharacterAndTheDomain() {
        assertEquals("a\u2022\u2022\u2022@example.org", maskEmail("alice.smith@example.org"));
    }

    @Test
    void aOneCharacterLocalPartLooksLikeAnyOther() {
        assertEquals("a\u2022\u2022\u2022@example.org", maskEmail("a@example.org"));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsKeptWhole() {
        assertEquals("\uD83D\uDE00\u2022\u2022\u2022@example.org", maskEmail("\uD83D\uDE00x@example.org"));
    }

    @Test
    void quotedLocalPartsWithAnAtSignMaskUpToTheLastOne() {
        assertEquals("\"\u2022\u2022\u2022@example.org", maskEmail("\"a@b\"@example.org"));
    }

    @Test
    void somethingThatIsNoAddressIsHiddenCompletely() {
        assertEquals("\u2022\u2022\u2022", maskEmail("no-at-sign"));
        assertEquals("\u2022\u2022\u2022", maskEmail("@example.org"));
    }

    @Test
    void nothingStaysNothing() {
        assertNull(maskEmail(null));
        assertNull(maskEmail("  "));
    }
}
