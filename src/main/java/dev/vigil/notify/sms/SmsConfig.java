package dev.vigil.notify.sms;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Vigil sends SMS (check-in reminders and release notices to contacts who chose SMS). */
@ConfigMapping(prefix = "vigil.sms")
public interface SmsConfig {

    /**
     * Which provider delivers SMS: {@code log} only writes them to the log (development, or when no
     * one chose SMS), {@code twilio} sends them through Twilio's Messages API.
     */
    @WithDefault("log")
    Provider provider();

    /** The Twilio account; read only when {@link #provider()} is {@code twilio}. */
    Twilio twilio();

    /** The SMS providers Vigil can use. */
    enum Provider {
        LOG,
        TWILIO
    }

    /** Credentials and endpoint of a Twilio account. */
    interface Twilio {

        /** The account SID ({@code AC...}); required when the provider is {@code twilio}. */
        Optional<String> accountSid();

        /** The account's auth token; required when the provider is {@code twilio}. Keep it out of files in the repository. */
        Optional<String> authToken();

        /** The sending number in E.164 ({@code +1...}) or a messaging service SID; required when the provider is {@code twilio}. */
        Optional<String> from();

        /** Where Twilio's API lives; tests point it at a fake. */
        @WithDefault("https://api.twilio.com")
        String baseUrl();

        /** How long to wait for Twilio to connect and to answer before the attempt counts as failed. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
