package dev.vigil.notify;

/** The mails Vigil sends. Each one is queued in the outbox by the change that causes it. */
public enum MailTemplate {
    /** To a newly registered (or newly changed, pending) address: a link that verifies it. */
    VERIFY_EMAIL("verify-email"),
    /** To the owner of an address someone tried to register again: a notice, no link. */
    REGISTRATION_ATTEMPT("registration-attempt"),
    /** To the old address when the user asked to change it. */
    EMAIL_CHANGE_REQUESTED("email-change-requested"),
    /** To the user after any profile change. */
    PROFILE_CHANGED("profile-changed"),
    /** To the user after their password changed. */
    PASSWORD_CHANGED("password-changed"),
    /** To the user after their account was deleted. */
    ACCOUNT_DELETED("account-deleted");

    private final String key;

    MailTemplate(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
