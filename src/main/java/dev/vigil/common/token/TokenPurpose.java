package dev.vigil.common.token;

import java.time.Duration;

/** What a mailed link may do, where it points, and how long it stays usable. */
public enum TokenPurpose {
    VERIFY_EMAIL("verify-email", "/verify-email", Duration.ofHours(24)),
    RESET_PASSWORD("reset-password", "/reset-password", Duration.ofMinutes(30)),
    INVITE("invite", "/accept-invite", Duration.ofDays(7)),
    /**
     * A check-in reminder's one-click link. Its target names the deadline it belongs to, and the
     * check-in feature refuses it once that deadline is replaced; the lifetime is only a backstop.
     */
    CHECK_IN("check-in", "/check-in", Duration.ofDays(400)),
    /**
     * The "this wasn't me" link of a notice to the old address when an address change is asked for or
     * done. Its target is the address the account must have afterwards (the old one).
     */
    UNDO_EMAIL_CHANGE("undo-email-change", "/undo-email-change", Duration.ofDays(7)),
    /**
     * The link in an account-locked mail: clears every lock of the account. It lives as long as the
     * longest lock does by default, so the link outlasts the lock it was sent for.
     */
    UNLOCK("unlock", "/unlock", Duration.ofHours(24)),
    /**
     * A sign-in link: the client app's page ({@code vigil.frontend-url}), not one of Vigil's link
     * pages, takes it and exchanges it for a token pair. Its lifetime is {@code vigil.magic-link.ttl}
     * (this one is the default).
     */
    MAGIC_LINK("magic-link", "/magic-link", Duration.ofMinutes(15), true),
    /**
     * The accept and decline buttons of a consent request to a trusted contact. The token belongs to
     * the owner; its target is the contact's id, and a resent request replaces that contact's older link.
     */
    CONTACT_CONSENT("contact-consent", "/contact-consent", Duration.ofDays(30)),
    /**
     * The "I have reached them" button of an "are they OK?" message to a trusted contact. The token
     * belongs to the owner; its target names the contact and the deadline, and the check-in feature
     * refuses it once that deadline is replaced. The lifetime is only a backstop.
     */
    VOUCH("vouch", "/vouch", Duration.ofDays(400));

    private final String wire;
    private final String path;
    private final Duration lifetime;
    private final boolean frontend;

    TokenPurpose(String wire, String path, Duration lifetime) {
        this(wire, path, lifetime, false);
    }

    TokenPurpose(String wire, String path, Duration lifetime, boolean frontend) {
        this.wire = wire;
        this.path = path;
        this.lifetime = lifetime;
        this.frontend = frontend;
    }

    /** As stored in {@code one_time_tokens.purpose}. */
    public String wire() {
        return wire;
    }

    /** Whether the link leads to the client app ({@code vigil.frontend-url}) rather than to Vigil's own page. */
    public boolean frontend() {
        return frontend;
    }

    /** The link page that takes a token of this purpose. */
    public String path() {
        return path;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** What a new token of a purpose does to the user's older unused ones. */
    public enum Replacement {
        /** They stop working: only the newest mail's link works. */
        ALL,
        /** Those for other targets stop working (check-in links of older deadlines). */
        OTHER_TARGETS,
        /** Those for the same target stop working (a resent consent request replaces that contact's link). */
        SAME_TARGET,
        /** They all keep working (every notice's "this wasn't me" link, every contact's vouch link). */
        NONE
    }

    /**
     * Whether a new token makes the user's older unused ones of this purpose useless. Check-in
     * reminders keep every link of the current deadline working; every address-change notice keeps
     * its own undo link.
     */
    public Replacement replacement() {
        return switch (this) {
            case CHECK_IN -> Replacement.OTHER_TARGETS;
            case CONTACT_CONSENT -> Replacement.SAME_TARGET;
            case UNDO_EMAIL_CHANGE, VOUCH -> Replacement.NONE;
            case VERIFY_EMAIL, RESET_PASSWORD, INVITE, UNLOCK, MAGIC_LINK -> Replacement.ALL;
        };
    }

    public static TokenPurpose fromWire(String wire) {
        for (TokenPurpose purpose : values()) {
            if (purpose.wire.equals(wire)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("Unknown token purpose");
    }
}
