package dev.vigil.common.token;

import java.time.Duration;

/** What a mailed link may do, where it points, and how long it stays usable. */
public enum TokenPurpose {
    VERIFY_EMAIL("verify-email", "/verify-email", Duration.ofHours(24)),
    RESET_PASSWORD("reset-password", "/reset-password", Duration.ofMinutes(30)),
    INVITE("invite", "/accept-invite", Duration.ofDays(7));

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

    public static TokenPurpose fromWire(String wire) {
        for (TokenPurpose purpose : values()) {
            if (purpose.wire.equals(wire)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("Unknown token purpose");
    }
}
