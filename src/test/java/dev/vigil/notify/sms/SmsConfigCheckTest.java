package dev.vigil.notify.sms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Choosing Twilio without its credentials stops the start with a message naming what is missing. */
class SmsConfigCheckTest {

    @Test
    void twilioWithoutCredentialsNamesEveryMissingKey() {
        StubSmsConfig config = new StubSmsConfig(SmsConfig.Provider.TWILIO,
                new StubTwilio(Optional.empty(), Optional.of(" "), Optional.empty()));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SmsSenderProducer.requireComplete(config));

        assertEquals(List.of("vigil.sms.twilio.account-sid", "vigil.sms.twilio.auth-token", "vigil.sms.twilio.from"),
                SmsSenderProducer.missingKeys(config));
        assertThat(failure.getMessage(), containsString("vigil.sms.provider=twilio"));
        assertThat(failure.getMessage(), containsString("vigil.sms.twilio.account-sid"));
        assertThat(failure.getMessage(), containsString("vigil.sms.twilio.auth-token"));
        assertThat(failure.getMessage(), containsString("vigil.sms.twilio.from"));
    }

    @Test
    void completeTwilioSettingsPass() {
        StubSmsConfig config = new StubSmsConfig(SmsConfig.Provider.TWILIO,
                new StubTwilio(Optional.of("AC1"), Optional.of("token"), Optional.of("+15005550006")));

        assertDoesNotThrow(() -> SmsSenderProducer.requireComplete(config));
    }

    @Test
    void logProviderNeedsNoTwilioSettings() {
        StubSmsConfig config = new StubSmsConfig(SmsConfig.Provider.LOG,
                new StubTwilio(Optional.empty(), Optional.empty(), Optional.empty()));

        assertDoesNotThrow(() -> SmsSenderProducer.requireComplete(config));
    }

    record StubSmsConfig(Provider provider, Twilio twilio) implements SmsConfig {
    }

    record StubTwilio(Optional<String> accountSid, Optional<String> authToken, Optional<String> from)
            implements SmsConfig.Twilio {

        @Override
        public String baseUrl() {
            return "https://api.twilio.com";
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(10);
        }
    }
}
