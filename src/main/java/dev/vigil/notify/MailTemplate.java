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
    ACCOUNT_DELETED("account-deleted"),
    /** To the user who asked to reset a forgotten password: a link to do it. */
    PASSWORD_RESET("password-reset"),
    /** To the user after a password reset went through. */
    PASSWORD_RESET_DONE("password-reset-done"),
    /** To the owner of an address who asked for their username. */
    USERNAME_REMINDER("username-reminder");

    private final String key;

    MailTemplate(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
