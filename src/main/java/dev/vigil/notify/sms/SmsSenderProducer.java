package dev.vigil.notify.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * Makes the one {@link SmsSender} bean from {@code vigil.sms.provider}, and refuses to start when
 * the chosen provider is missing settings, rather than failing at the first SMS.
 */
@ApplicationScoped
public class SmsSenderProducer {

    /** Said once at start when SMS only go to the log. */
    static final String LOG_PROVIDER_NOTE = "SMS are not sent: vigil.sms.provider is log, so each SMS is only logged"
            + " (the masked number, under " + LogSmsSender.CATEGORY + "). Set vigil.sms.provider=twilio to send them.";
    private static final Logger LOG = Logger.getLogger(SmsSenderProducer.class);

    private final SmsConfig config;

    SmsSenderProducer(SmsConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    SmsSender smsSender(ObjectMapper json, Event<LoggedSms> logged) {
        requireComplete(config);
        return switch (config.provider()) {
            case LOG -> new LogSmsSender(logged);
            case TWILIO -> new TwilioSmsSender(config.twilio(), json);
        };
    }

    void close(@Disposes SmsSender sender) throws Exception {
        if (sender instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    void checkAtStartup(@Observes StartupEvent event) {
        requireComplete(config);
        if (config.provider() == SmsConfig.Provider.LOG) {
            LOG.info(LOG_PROVIDER_NOTE);
        }
    }

    /** Throws when the configured provider lacks a required setting, naming every missing key. */
    static void requireComplete(SmsConfig config) {
        List<String> missing = missingKeys(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("vigil.sms.provider=" + config.provider().name().toLowerCase()
                    + " needs " + String.join(", ", missing) + " to be set");
        }
    }

    /** The keys the configured provider needs but does not have, in documentation order. */
    static List<String> missingKeys(SmsConfig config) {
        List<String> missing = new ArrayList<>();
        if (config.provider() == SmsConfig.Provider.TWILIO) {
            SmsConfig.Twilio twilio = config.twilio();
            addIfBlank(missing, "vigil.sms.twilio.account-sid", twilio.accountSid());
            addIfBlank(missing, "vigil.sms.twilio.auth-token", twilio.authToken());
            addIfBlank(missing, "vigil.sms.twilio.from", twilio.from());
        }
        return missing;
    }

    private static void addIfBlank(List<String> missing, String key, Optional<String> value) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add(key);
        }
    }
}
