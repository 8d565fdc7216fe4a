package dev.vigil.notify;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Says at start, in one line, when mail will not reach anyone: the mailer is in mock mode (mails
 * are only logged), or no SMTP host is configured (Quarkus then tries {@code localhost}).
 */
@ApplicationScoped
public class MailSetup {

    private static final Logger LOG = Logger.getLogger(MailSetup.class);

    void report(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        boolean mock = config.getOptionalValue("quarkus.mailer.mock", Boolean.class)
                .orElse(LaunchMode.current().isDevOrTest());
        note(mock, isSet(config.getConfigValue("quarkus.mailer.host"))).ifPresent(LOG::info);
    }

    /** The start-up line for this mailer setup, if mail is not going out. */
    static Optional<String> note(boolean mock, boolean hostConfigured) {
        if (mock) {
            return Optional.of("Mail is not sent: quarkus.mailer.mock is on, so every mail is only logged."
                    + " Set quarkus.mailer.mock=false and quarkus.mailer.host (.port, .from) to send mail.");
        }
        if (!hostConfigured) {
            return Optional.of("Mail is not configured: quarkus.mailer.host is not set, so mail goes to an SMTP"
                    + " server on localhost, and each failed attempt is logged with its reason.");
        }
        return Optional.empty();
    }

    /** Set by the operator, as opposed to the extension's default ({@code localhost}). */
    private static boolean isSet(ConfigValue value) {
        return value.getRawValue() != null && value.getSourceOrdinal() > Integer.MIN_VALUE
                && !String.valueOf(value.getSourceName()).contains("Default");
    }
}
