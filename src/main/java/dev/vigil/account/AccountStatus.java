package dev.vigil.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an account stands. Users move between {@code active}, {@code paused} and {@code cancelled};
 * only a check-in release makes an account {@code fulfilled}, and only an admin undoes that.
 */
public enum AccountStatus {
    ACTIVE, PAUSED, CANCELLED, FULFILLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AccountStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The transitions a user may make on their own account. */
    public boolean userMayChangeTo(AccountStatus target) {
        return switch (this) {
            case ACTIVE -> target == PAUSED || target == CANCELLED;
            case PAUSED -> target == ACTIVE || target == CANCELLED;
            case CANCELLED, FULFILLED -> false;
        };
    }
}
