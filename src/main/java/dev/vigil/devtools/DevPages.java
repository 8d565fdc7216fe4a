package dev.vigil.devtools;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The pages under {@code /dev}: a welcome page (where {@code vigil.frontend-url} points in dev mode),
 * the mails sent since start, and the stand-in for a web app's sign-in link page. Qute escapes
 * everything they show; mails carry what users typed.
 */
@ApplicationScoped
public class DevPages {

    /** The page knows no time zone, so it says UTC. */
    private static final DateTimeFormatter SENT_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A mail ready for the page. */
    public record MailView(String sentAt, boolean sms, String to, String subject, List<MailText.Part> parts) {
    }

    @CheckedTemplate(basePath = "DevPages")
    static class Templates {

        static native TemplateInstance welcome(String publicUrl, String adminUsername);

        static native TemplateInstance mail(List<MailView> mails, int capacity);

        static native TemplateInstance magicLink(String publicUrl, String token);
    }

    private final boolean enabled;
    private final DevMailbox mailbox;
    private final String publicUrl;

    public DevPages(DevToolsConfig config, DevMailbox mailbox,
            @ConfigProperty(name = "vigil.public-url") String publicUrl) {
        this.enabled = config.enabled();
        this.mailbox = mailbox;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** The welcome page; 404 while the dev tools are off. */
    public String welcome() {
        requireEnabled();
        return Templates.welcome(publicUrl, DevAdmin.USERNAME).render();
    }

    /** The mails (and logged SMS) sent since start, newest first; 404 while the dev tools are off. */
    public String mail() {
        requireEnabled();
        List<MailView> mails = mailbox.newestFirst().stream()
                .map(mail -> new MailView(SENT_AT.format(mail.sentAt()), mail.sms(), String.join(", ", mail.to()),
                        mail.subject() == null ? "" : mail.subject(), MailText.parts(mail.text())))
                .toList();
        return Templates.mail(mails, DevMailbox.CAPACITY).render();
    }

    /**
     * Where sign-in links lead in dev mode ({@code vigil.frontend-url} + {@code /magic-link}): how to
     * exchange the token, which showing the page does not do; 404 while the dev tools are off.
     */
    public String magicLink(String token) {
        requireEnabled();
        return Templates.magicLink(publicUrl, token == null ? "" : token).render();
    }

    /** The same 404 as for an address where nothing exists. */
    private void requireEnabled() {
        if (!enabled) {
            throw new NotFoundException();
        }
    }
}
