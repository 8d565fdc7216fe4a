package dev.vigil.checkin;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import dev.vigil.common.error.VigilException;

/** ISO-8601 durations as the API writes them: whole days as {@code P30D}, anything else as Java does. */
final class Durations {

    /** Longer intervals and grace periods than this are refused (ten years). */
    static final Duration MAX = Duration.ofDays(3650);
    private static final long DAY_SECONDS = 86_400;

    private Durations() {
    }

    static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        long seconds = duration.getSeconds();
        if (seconds > 0 && seconds % DAY_SECONDS == 0 && duration.getNano() == 0) {
            return "P" + seconds / DAY_SECONDS + "D";
        }
        return duration.toString();
    }

    /** Parses a request field; a value that is not a duration, is negative or too long names the field. */
    static Duration parse(String field, String value) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw VigilException.invalidField(field, "must be an ISO-8601 duration such as P30D");
        }
        if (duration.isNegative()) {
            throw VigilException.invalidField(field, "must not be negative");
        }
        if (duration.compareTo(MAX) > 0) {
            throw VigilException.invalidField(field, "must be at most " + format(MAX));
        }
        return duration;
    }
}
