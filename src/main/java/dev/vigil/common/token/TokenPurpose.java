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
     * The link in an account-locked mail: clears every lock of the account. It lives as long as the
     * longest lock does by default, so the link outlasts the lock it was sent for.
     */
    UNLOCK("unlock", "/unlock", Duration.ofHours(24));

    private final String wire;
    private final String path;
    private final Duration lifetime;

    TokenPurpose(String wire, String path, Duration lifetime) {
        this.wire = wire;
        this.path = path;
        this.lifetime = lifetime;
    }

    /** As stored in {@code one_time_tokens.purpose}. */
    public String wire() {
        return wire;
    }

    /** The link page that takes a token of this purpose. */
    public String path() {
        return path;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Whether a new token makes the user's older unused ones of this purpose useless (only the newest
     * mail works). Check-in reminders are the exception: every reminder of a deadline keeps working,
     * so a new token only clears those minted for other deadlines (other targets).
     */
    public boolean replacesOlder() {
        return this != CHECK_IN;
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
