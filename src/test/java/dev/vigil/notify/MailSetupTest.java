package dev.vigil.notify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The start-up line tells an operator when no mail will reach anyone, and why. */
class MailSetupTest {

    @Test
    void mockModeIsNamed() {
        assertThat(MailSetup.note(true, true).orElseThrow(), containsString("quarkus.mailer.mock is on"));
    }

    @Test
    void aMissingHostIsNamed() {
        assertThat(MailSetup.note(false, false).orElseThrow(), containsString("quarkus.mailer.host is not set"));
    }

    @Test
    void aConfiguredMailerSaysNothing() {
        assertTrue(MailSetup.note(false, true).isEmpty());
    }
}
