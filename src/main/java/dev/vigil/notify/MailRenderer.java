package dev.vigil.notify;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;

/**
 * Turns a queued mail (its {@link MailTemplate} and the facts stored with it) into a subject, an
 * HTML part and a plain-text part with the same content.
 *
 * <p>The renderer never builds links and never looks at a request: the caller passes a complete URL
 * made from {@code vigil.public-url} (or {@code null} for a mail without one). What the link means
 * depends on the mail, see {@link #render}. Facts that are missing or of an unexpected type leave
 * the optional sentence that uses them out; they never fail the rendering.
 *
 * <p>Rendering is plain CPU work on templates parsed at build time (no I/O), so it may run on the
 * event loop.
 */
@ApplicationScoped
public class MailRenderer {

    /** How long a password-reset link works unless the facts say otherwise ({@code valid_minutes}). */
    static final long DEFAULT_RESET_VALID_MINUTES = 30;
    /** How long a sign-in link works unless the facts say otherwise ({@code valid_minutes}). */
    static final long DEFAULT_MAGIC_LINK_VALID_MINUTES = 15;
    /** How long a verification link works unless the facts say otherwise ({@code valid_hours}). */
    static final long DEFAULT_VERIFY_VALID_HOURS = 24;

    private static final String MASK = "\u2022\u2022\u2022";
    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);
    private static final Variant TEXT = Variant.forContentType(Variant.TEXT_PLAIN);

    /** Profile field names as a reader would say them; unknown names fall back to their words. */
    private static final Map<String, String> FIELD_WORDS = Map.of(
            "display_name", "display name",
            "phone", "phone number",
            "timezone", "time zone",
            "preferred_contact_method", "preferred contact method",
            "email", "email address",
            "account", "account settings");

    /** One rendered mail, ready to hand to the mailer. */
    public record RenderedMail(String subject, String html, String text) {
    }

    /**
     * One method per mail; each has {@code MailRenderer/<method>.html} and {@code .txt}. Both files
     * are variants of one template, so Qute checks every expression in both against these
     * parameters at build time.
     */
    @CheckedTemplate(basePath = "MailRenderer")
    static class Templates {

        static native TemplateInstance verifyEmail(String subject, String email, boolean pending, String link,
                long validHours);

        static native TemplateInstance registrationAttempt(String subject, String link);

        static native TemplateInstance emailChangeRequested(String subject, String maskedNewEmail, String link);

        static native TemplateInstance emailChanged(String subject, String maskedNewEmail, String link);

        static native TemplateInstance profileChanged(String subject, List<String> changes, String link);

        static native TemplateInstance passwordChanged(String subject, String link);

        static native TemplateInstance accountDeleted(String subject, String username);

        static native TemplateInstance passwordReset(String subject, String username, String link, long validMinutes);

        static native TemplateInstance passwordResetDone(String subject, String link);

        static native TemplateInstance usernameReminder(String subject, String username, String link);

        static native TemplateInstance magicLink(String subject, String username, String link, long validMinutes);

        static native TemplateInstance accountLocked(String subject, String lockedUntil, boolean everywhere,
                String address, String link);

        static native TemplateInstance adminPinLocked(String subject, String lockedUntil, String link);

        static native TemplateInstance userBanned(String subject, String username, String until, String reason);

        static native TemplateInstance invite(String subject, String link, long validDays);

        static native TemplateInstance checkInReminder(String subject, String username, String dueAt, String link,
                boolean inGrace, String releaseAt, long pendingContacts, long declinedContacts);

        static native TemplateInstance trustedContactRelease(String subject, String contactName, String displayName,
                String message);

        static native TemplateInstance contactConsentRequest(String subject, String contactName, String displayName,
                String link, long validDays);

        static native TemplateInstance contactAnswered(String subject, String contactName, boolean accepted);

        static native TemplateInstance checkOnOwner(String subject, String contactName, String displayName,
                String dueAt, String releaseAt, String link);

        static native TemplateInstance vouchReceived(String subject, String contactName, String releaseAt, String link);

        static native TemplateInstance testRelease(String subject, List<ReleasePreview> contacts, String webhook,
                long pendingContacts, long declinedContacts);
    }

    /**
     * What one trusted contact would receive on release, as the test-release mail shows it: the
     * channel ({@code email} or {@code sms}), the address or number, and the message's subject (mail
     * only) and plain text.
     */
    public record ReleasePreview(String name, String channel, String address, String subject, String text) {

        /** The preview as outbox facts (JSON-friendly). */
        public Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("name", name);
            facts.put("channel", channel);
            facts.put("address", address);
            facts.put("subject", subject);
            facts.put("text", text);
            return facts;
        }
    }

    /**
     * Renders one mail.
     *
     * @param template which mail
     * @param facts what the outbox row stores for it: {@code email}, {@code pending} (verify);
     *        {@code new_email} (email change, shown masked); {@code changed} (profile change, field
     *        names); {@code username} (deletion, reminder, reset, check-in reminder, ban); {@code locked_until}
     *        (lock and admin PIN lock, an instant), {@code everywhere} and {@code address} (lock: for every address, or the one
     *        whose failures locked it); {@code until} and {@code reason} (ban); {@code valid_days} (invite);
     *        optionally {@code valid_minutes} (reset, sign-in link) and {@code valid_hours} (verify);
     *        {@code due_at} (check-in reminder, already in the user's time zone); {@code contact_name},
     *        {@code display_name}, {@code message} (trusted-contact release). {@code null} counts as no facts.
     * @param link a complete URL, or {@code null}. Verify and reset mails need it (it carries the
     *        token); for the notices (registration attempt, email change, profile change, password
     *        changed or reset, admin PIN lock) it is optional and points where the reader can secure the account,
     *        normally the password-reset start page; for the two address-change notices it is the
     *        one-click "this wasn't me" link; for the username reminder it is the optional
     *        sign-in page; for the sign-in link mail it carries the sign-in token; for the account-locked mail it carries the unlock token (older queued ones link to
     *        the password-reset start page); for the check-in reminder it carries the check-in token, for the invite the
     *        invitation token. The account-deleted, user-banned and trusted-contact mails ignore it.
     */
    public RenderedMail render(MailTemplate template, Map<String, Object> facts, String link) {
        Facts f = new Facts(facts == null ? Map.of() : facts);
        String subject = template.subject();
        return switch (template) {
            case VERIFY_EMAIL -> both(subject, () -> Templates.verifyEmail(subject, f.string("email"),
                    f.flag("pending"), link, f.number("valid_hours", DEFAULT_VERIFY_VALID_HOURS)));
            case REGISTRATION_ATTEMPT -> both(subject, () -> Templates.registrationAttempt(subject, link));
            case EMAIL_CHANGE_REQUESTED -> both(subject, () -> Templates.emailChangeRequested(subject,
                    maskEmail(f.string("new_email")), link));
            case EMAIL_CHANGED -> both(subject, () -> Templates.emailChanged(subject,
                    maskEmail(f.string("new_email")), link));
            case PROFILE_CHANGED -> both(subject, () -> Templates.profileChanged(subject,
                    describeFields(f.strings("changed")), link));
            case PASSWORD_CHANGED -> both(subject, () -> Templates.passwordChanged(subject, link));
            case ACCOUNT_DELETED -> both(subject, () -> Templates.accountDeleted(subject, f.string("username")));
            case PASSWORD_RESET -> both(subject, () -> Templates.passwordReset(subject, f.string("username"), link,
                    f.number("valid_minutes", DEFAULT_RESET_VALID_MINUTES)));
            case PASSWORD_RESET_DONE -> both(subject, () -> Templates.passwordResetDone(subject, link));
            case USERNAME_REMINDER -> both(subject, () -> Templates.usernameReminder(subject,
                    f.string("username"), link));
            case MAGIC_LINK -> both(subject, () -> Templates.magicLink(subject, f.string("username"), link,
                    f.number("valid_minutes", DEFAULT_MAGIC_LINK_VALID_MINUTES)));
            case USER_BANNED -> both(subject, () -> Templates.userBanned(subject, f.string("username"),
                    f.string("until"), f.string("reason")));
            case INVITE -> both(subject, () -> Templates.invite(subject, link, f.number("valid_days", 7)));
            case ACCOUNT_LOCKED -> both(subject, () -> Templates.accountLocked(subject, f.string("locked_until"),
                    f.flag("everywhere"), f.string("address"), link));
            case ADMIN_PIN_LOCKED -> both(subject, () -> Templates.adminPinLocked(subject, f.string("locked_until"), link));
            case CHECK_IN_REMINDER -> both(subject, () -> Templates.checkInReminder(subject, f.string("username"),
                    f.string("due_at"), link, f.flag("in_grace"), f.string("release_at"),
                    f.number("pending_contacts", 0), f.number("declined_contacts", 0)));
            case TRUSTED_CONTACT_RELEASE -> both(subject, () -> Templates.trustedContactRelease(subject,
                    f.string("contact_name"), f.string("display_name"), f.string("message")));
            case CONTACT_CONSENT_REQUEST -> both(subject, () -> Templates.contactConsentRequest(subject,
                    f.string("contact_name"), f.string("display_name"), link, f.number("valid_days", 30)));
            case CONTACT_ANSWERED -> both(subject, () -> Templates.contactAnswered(subject, f.string("contact_name"),
                    "accepted".equals(f.string("answer"))));
            case CHECK_ON_OWNER -> both(subject, () -> Templates.checkOnOwner(subject, f.string("contact_name"),
                    f.string("display_name"), f.string("due_at"), f.string("release_at"), link));
            case VOUCH_RECEIVED -> both(subject, () -> Templates.vouchReceived(subject, f.string("contact_name"),
                    f.string("release_at"), link));
            case TEST_RELEASE -> both(subject, () -> Templates.testRelease(subject, f.previews("contacts"),
                    f.string("webhook"), f.number("pending_contacts", 0), f.number("declined_contacts", 0)));
        };
    }

    /**
     * An address with its local part hidden but for the first character, so the owner of the old
     * address recognises the new one without the notice leaking it: {@code a•••@example.org}.
     * {@code null} or blank stays {@code null}; a value without a local part is all mask.
     */
    static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String address = email.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return MASK;
        }
        return new StringBuilder()
                .appendCodePoint(address.codePointAt(0))
                .append(MASK)
                .append(address, at, address.length())
                .toString();
    }

    /** Field names as words, in the order given, without repeats. */
    static List<String> describeFields(List<String> fields) {
        return fields.stream()
                .map(field -> FIELD_WORDS.getOrDefault(field, field.replace('_', ' ').toLowerCase(Locale.ROOT)))
                .distinct()
                .toList();
    }

    private static RenderedMail both(String subject, Supplier<TemplateInstance> template) {
        String html = template.get().setVariant(HTML).render();
        String text = template.get().setVariant(TEXT).render();
        return new RenderedMail(subject, html, text);
    }

    /** Lenient reads of the stored facts: they went through JSON, so types are only likely. */
    private record Facts(Map<String, Object> values) {

        String string(String name) {
            Object value = values.get(name);
            return value == null ? null : value.toString();
        }

        boolean flag(String name) {
            Object value = values.get(name);
            return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
        }

        long number(String name, long fallback) {
            Object value = values.get(name);
            if (value instanceof Number n && n.longValue() > 0) {
                return n.longValue();
            }
            return fallback;
        }

        List<String> strings(String name) {
            Object value = values.get(name);
            if (value instanceof Collection<?> collection) {
                return collection.stream()
                        .filter(Objects::nonNull)
                        .map(Object::toString)
                        .toList();
            }
            return value == null ? List.of() : List.of(value.toString());
        }

        /** Stored {@link ReleasePreview#facts()} back as previews; entries of another shape are left out. */
        List<ReleasePreview> previews(String name) {
            if (!(values.get(name) instanceof Collection<?> collection)) {
                return List.of();
            }
            return collection.stream()
                    .filter(Map.class::isInstance)
                    .map(entry -> {
                        @SuppressWarnings("unchecked")
                        Facts one = new Facts((Map<String, Object>) entry);
                        return new ReleasePreview(one.string("name"), one.string("channel"), one.string("address"),
                                one.string("subject"), one.string("text"));
                    })
                    .toList();
        }
    }
}
