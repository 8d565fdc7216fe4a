package dev.vigil.notify;

import java.util.Arrays;
import java.util.Optional;

/**
 * The mails Vigil sends. Each one is queued in the outbox by the change that causes it and rendered
 * by {@link MailRenderer} from the facts stored with it. The subject lives here, next to the key
 * that names the templates ({@code templates/MailRenderer/<method>.html} and {@code .txt}).
 */
public enum MailTemplate {
    /** To a newly registered (or newly changed, pending) address: a link that verifies it. */
    VERIFY_EMAIL("verify-email", "Confirm your email address"),
    /** To the owner of an address someone tried to register again: a notice, no link. */
    REGISTRATION_ATTEMPT("registration-attempt", "Someone tried to register with your email address"),
    /** To the old address when the user asked to change it. */
    EMAIL_CHANGE_REQUESTED("email-change-requested", "A change of your email address was requested"),
    /** To the old address when a new one was confirmed and replaced it. */
    EMAIL_CHANGED("email-changed", "The email address of your account was changed"),
    /** To the user after any profile change. */
    PROFILE_CHANGED("profile-changed", "Your profile was changed"),
    /** To the user after their password changed. */
    PASSWORD_CHANGED("password-changed", "Your password was changed"),
    /** To the user after their account was deleted. */
    ACCOUNT_DELETED("account-deleted", "Your account was deleted"),
    /** To the user who asked for a password reset: a link to choose a new password. */
    PASSWORD_RESET("password-reset", "Reset your password"),
    /** To the user after their password was reset through a mailed link. */
    PASSWORD_RESET_DONE("password-reset-done", "Your password was reset"),
    /** To the owner of an address who asked to sign in without a password: a one-time sign-in link. */
    MAGIC_LINK("magic-link", "Your sign-in link"),
    /** To the owner of an address who asked which username belongs to it. */
    USERNAME_REMINDER("username-reminder", "Your username"),
    /** To the user whose account just locked after repeated failed logins. */
    ACCOUNT_LOCKED("account-locked", "Your account was locked after failed sign-in attempts"),
    /** To an admin whose admin PIN just locked after repeated wrong PINs. */
    ADMIN_PIN_LOCKED("admin-pin-locked", "Your admin PIN was locked after wrong attempts"),
    /** To a user an administrator banned: until when (or for good) and the reason given. */
    USER_BANNED("user-banned", "Your account was suspended"),
    /** To an invited address: a link to the registration form. */
    INVITE("invite", "You are invited to Vigil"),
    /** To a user whose check-in deadline is near: a one-click check-in link. */
    CHECK_IN_REMINDER("check-in-reminder", "Please check in"),
    /** To each trusted contact when an account is released: the user's message for them. */
    TRUSTED_CONTACT_RELEASE("trusted-contact-release", "A message you were asked to receive"),
    /** To a newly named trusted contact: who named them, what it means, accept and decline buttons. */
    CONTACT_CONSENT_REQUEST("contact-consent-request", "Would you be a trusted contact?"),
    /** To the user when a trusted contact accepted or declined. */
    CONTACT_ANSWERED("contact-answered", "Your trusted contact answered"),
    /** To each accepted trusted contact when the user's grace period begins: please check on them. */
    CHECK_ON_OWNER("check-on-owner", "Could you check on someone?"),
    /** To the user when a trusted contact said they reached them: the release moved later. */
    VOUCH_RECEIVED("vouch-received", "Someone checked on you"),
    /** To the user who asked: what every trusted contact and the webhook would receive on release. */
    TEST_RELEASE("test-release", "Test: what your trusted contacts would receive");

    private final String key;
    private final String subject;

    MailTemplate(String key, String subject) {
        this.key = key;
        this.subject = subject;
    }

    /** Stable name stored in the outbox ({@code template} column); never change a published one. */
    public String key() {
        return key;
    }

    /** The mail's subject line. */
    public String subject() {
        return subject;
    }

    /** The template stored under {@code key}, if any (rows outlive renames, so absence is possible). */
    public static Optional<MailTemplate> byKey(String key) {
        return Arrays.stream(values())
                .filter(template -> template.key.equals(key))
                .findFirst();
    }
}
