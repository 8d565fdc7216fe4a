package dev.vigil.checkin;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailRenderer;
import dev.vigil.notify.MailRenderer.ReleasePreview;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.notify.Outbox;
import dev.vigil.user.UserContact;
import io.smallrye.mutiny.Uni;

/**
 * Everything Vigil says to a trusted contact, in one place: the consent request, the "are they OK?"
 * message and the final message at release, each by mail, or by text message when the contact has
 * only a phone number. The test release previews the final message through the same code, so what
 * the owner sees is what the contact would get.
 */
@ApplicationScoped
class ContactMessages {

    /** Outbox names of the text messages to contacts, so their delivery can be looked up. */
    static final String SMS_CONSENT = "contact-consent-sms";
    static final String SMS_CHECK_ON = "check-on-owner-sms";
    static final String SMS_RELEASE = "trusted-contact-release-sms";

    /** Every outbox name of a message to a contact: a dead one among them flags the contact. */
    static final List<String> TEMPLATES = List.of(MailTemplate.CONTACT_CONSENT_REQUEST.key(),
            MailTemplate.CHECK_ON_OWNER.key(), MailTemplate.TRUSTED_CONTACT_RELEASE.key(), SMS_CONSENT, SMS_CHECK_ON,
            SMS_RELEASE);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz");

    private final NotificationService notifications;
    private final MailRenderer renderer;

    ContactMessages(NotificationService notifications, MailRenderer renderer) {
        this.notifications = notifications;
        this.renderer = renderer;
    }

    /** Asks the contact whether they agree to be the owner's trusted contact; joins the caller's transaction. */
    Uni<Void> requestConsent(TrustedContact contact, UserContact owner) {
        String from = ownerName(owner);
        if (contact.email != null) {
            Map<String, Object> facts = new HashMap<>();
            facts.put("contact_name", contact.name);
            facts.put("display_name", from);
            facts.put("valid_days", TokenPurpose.CONTACT_CONSENT.lifetime().toDays());
            return notifications.queueMailWithLink(MailTemplate.CONTACT_CONSENT_REQUEST, contact.userId, contact.email,
                    facts, TokenPurpose.CONTACT_CONSENT, contact.id.toString());
        }
        String text = (from == null ? "Someone" : from) + " has named you as a trusted contact in Vigil: if they stop"
                + " checking in, we would ask you to reach them, then pass on a message they left. Accept or decline:";
        return notifications.queueSms(contact.userId, contact.phone, text, TokenPurpose.CONTACT_CONSENT,
                contact.id.toString(), SMS_CONSENT);
    }

    /**
     * Asks an accepted contact to reach the owner, whose grace period has begun, with a link that
     * vouches for the owner once for this deadline.
     */
    Uni<Void> askToCheckOn(Outbox out, TrustedContact contact, UserContact owner, CheckIn checkIn) {
        String from = ownerName(owner);
        String dueAt = when(checkIn.nextDueAt, owner);
        String releaseAt = when(checkIn.releaseAt, owner);
        String target = vouchTarget(contact, checkIn.deadlineNo);
        if (contact.email != null) {
            Map<String, Object> facts = new HashMap<>();
            facts.put("contact_name", contact.name);
            facts.put("display_name", from);
            facts.put("due_at", dueAt);
            facts.put("release_at", releaseAt);
            return out.queueMailWithLink(MailTemplate.CHECK_ON_OWNER, contact.userId, contact.email, facts,
                    TokenPurpose.VOUCH, target);
        }
        String text = (from == null ? "The person who named you" : from) + " has not checked in with Vigil since "
                + dueAt + ". Please try to reach them. If they are all right, tap:";
        return out.queueSms(contact.userId, contact.phone, text, TokenPurpose.VOUCH, target, SMS_CHECK_ON);
    }

    /** The owner's final message to an accepted contact at release. */
    Uni<Void> release(Outbox out, TrustedContact contact, UserContact owner) {
        if (contact.email != null) {
            return out.queueMail(MailTemplate.TRUSTED_CONTACT_RELEASE, contact.userId, contact.email,
                    releaseFacts(contact, owner));
        }
        return out.queueSms(contact.userId, contact.phone, releaseText(contact, owner), null, null, SMS_RELEASE);
    }

    /** Exactly what {@link #release} would send to the contact. */
    ReleasePreview previewRelease(TrustedContact contact, UserContact owner) {
        if (contact.email != null) {
            MailRenderer.RenderedMail mail = renderer.render(MailTemplate.TRUSTED_CONTACT_RELEASE,
                    releaseFacts(contact, owner), null);
            return new ReleasePreview(contact.name, CheckInService.CHANNEL_EMAIL, contact.email, mail.subject(),
                    mail.text());
        }
        return new ReleasePreview(contact.name, CheckInService.CHANNEL_SMS, contact.phone, null,
                releaseText(contact, owner));
    }

    /** A vouch link's target: the contact and the deadline it was sent for. */
    static String vouchTarget(TrustedContact contact, long deadlineNo) {
        return contact.id + ":" + deadlineNo;
    }

    /** The owner as contacts know them: the display name, else the username. */
    static String ownerName(UserContact owner) {
        return owner == null ? null : Optional.ofNullable(owner.displayName()).orElse(owner.username());
    }

    /** A moment in the owner's time zone, as the messages show it. */
    static String when(Instant instant, UserContact owner) {
        return instant == null ? null
                : instant.atZone(ReminderSchedule.zone(owner == null ? null : owner.timezone())).format(WHEN);
    }

    private static Map<String, Object> releaseFacts(TrustedContact contact, UserContact owner) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("contact_name", contact.name);
        facts.put("display_name", ownerName(owner));
        facts.put("message", contact.message);
        return facts;
    }

    private static String releaseText(TrustedContact contact, UserContact owner) {
        String from = ownerName(owner);
        return (from == null ? "A Vigil user" : from) + " missed their Vigil check-in and asked us to tell you."
                + (contact.message == null ? "" : " Their message: " + contact.message);
    }
}
