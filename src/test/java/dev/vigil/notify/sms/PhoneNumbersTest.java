package dev.vigil.notify.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Logs show enough of a number to tell messages apart, never enough to call it. */
class PhoneNumbersTest {

    @Test
    void usNumberKeepsCountryAndAreaCodeAndLastFourDigits() {
        assertEquals("+1415•••0123", PhoneNumbers.mask("+14155550123"));
    }

    @Test
    void longNumberHidesEverythingButTheFirstFiveAndLastFourCharacters() {
        assertEquals("+4915•••5678", PhoneNumbers.mask("+4915112345678"));
    }

    @Test
    void shortNumberStillHidesAtLeastThreeDigits() {
        assertEquals("+353•••4567", PhoneNumbers.mask("+3531234567"));
        assertEquals("+34•••89", PhoneNumbers.mask("+3456789"));
        assertEquals("+•••45", PhoneNumbers.mask("+12345"));
    }

    @Test
    void numberTooShortToMaskPartlyIsHiddenEntirely() {
        assertEquals("•••", PhoneNumbers.mask("+1234"));
        assertEquals("•••", PhoneNumbers.mask(""));
        assertEquals("•••", PhoneNumbers.mask(null));
    }
}
