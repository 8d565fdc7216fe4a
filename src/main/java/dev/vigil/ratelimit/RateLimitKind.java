package dev.vigil.ratelimit;

import java.util.Locale;

/**
 * What a throttled endpoint does, which decides the limits it shares with others of its kind: every
 * endpoint of one kind counts against the same per-IP and per-subject budgets.
 */
public enum RateLimitKind {

    /**
     * Password and second-factor logins; the subject is the login identifier. The per-login limit
     * counts failed attempts only (see {@link #subjectCountsFailuresOnly()}).
     */
    LOGIN,

    /** Registrations; the subject is the email address a mail goes to. */
    REGISTRATION,

    /**
     * Anything that sends mail (or SMS) on request: forgotten password or username, a new verification
     * link, invitations; the subject is the identifier the message is for, or the calling user.
     */
    MAIL;

    /**
     * Whether the per-subject limit counts only the calls the endpoint refused as unauthenticated
     * (a 401: wrong password, unknown login, wrong code), and applies only to the addresses those
     * failures came from. A successful login then costs nothing, and failures from one address
     * cannot make the login answer 429 to an address that has not failed (the owner's).
     */
    public boolean subjectCountsFailuresOnly() {
        return this == LOGIN;
    }

    /** The {@code kind} tag of {@code vigil_rate_limited_total}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
