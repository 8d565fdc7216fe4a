package dev.vigil.notify.sms;

import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * The {@code log} provider: "sends" an SMS by logging it. The INFO line names only the masked number;
 * the text, which may carry a one-time link, is logged at DEBUG under {@code vigil.sms} only. Each SMS
 * is also announced as a {@link LoggedSms} event, for the dev tools' page of sent messages.
 */
public class LogSmsSender implements SmsSender {

    /** The log category of SMS traffic; set it to DEBUG to see the texts. */
    public static final String CATEGORY = "vigil.sms";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final Event<LoggedSms> logged;

    public LogSmsSender(Event<LoggedSms> logged) {
        this.logged = logged;
    }

    @Override
    public Uni<Void> send(String toE164, String text, String idempotencyKey) {
        return Uni.createFrom().item(() -> {
            String to = PhoneNumbers.mask(toE164);
            LOG.infof("SMS sent to %s by the log provider (message %s)", to, idempotencyKey);
            LOG.debugf("SMS to %s (message %s): %s", to, idempotencyKey, text);
            logged.fire(new LoggedSms(toE164, text));
            return null;
        });
    }
}
