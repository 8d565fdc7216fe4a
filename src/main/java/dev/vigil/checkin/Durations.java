package dev.vigil.checkin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.common.error.VigilException;

/**
 * ISO-8601 durations as the API takes and shows them. A duration comes back in the form it was given:
 * days stay days and the time part stays apart ({@code P1DT1H} is never shown as {@code PT25H}, nor
 * {@code PT36H} as {@code P1DT12H}). The stored form is canonical: upper case, the days as given, the
 * time part as {@link Duration#toString()} writes it ({@code PT90M} becomes {@code PT1H30M}).
 */
final class Durations {

    /** Longer intervals and grace periods than this are refused (ten years). */
    static final Duration MAX = Duration.ofDays(3650);
    private static final int MAX_TEXT = 40;
    private static final long DAY_SECONDS = 86_400;
    private static final Pattern DAYS = Pattern.compile("P(?:(\\d+)D)?(?:T.*)?");

    /** A parsed duration and the text it is shown as. */
    record Given(Duration duration, String text) {
    }

    private Durations() {
    }

    /** A configured duration (no text of its own): whole days as {@code P30D}, anything else as Java writes it. */
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

    /** The text a stored duration is shown as: what was given, or for rows from before it was kept, the seconds formatted. */
    static String shown(String text, long seconds) {
        return text != null ? text : format(Duration.ofSeconds(seconds));
    }

    /**
     * Parses a request field: whole seconds, not negative, at most {@link #MAX}; a value that is none
     * of these names the field.
     */
    static Given parse(String field, String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        Matcher days = DAYS.matcher(upper);
        if (value.length() > MAX_TEXT || !days.matches()) {
            throw VigilException.invalidField(field, "must be an ISO-8601 duration such as P30D or P1DT12H");
        }
        Duration duration;
        try {
            duration = Duration.parse(upper);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw VigilException.invalidField(field, "must be an ISO-8601 duration such as P30D or P1DT12H");
        }
        if (upper.contains("-")) {
            throw VigilException.invalidField(field, "must not be negative");
        }
        if (duration.getNano() != 0) {
            throw VigilException.invalidField(field, "must be whole seconds");
        }
        if (duration.compareTo(MAX) > 0) {
            throw VigilException.invalidField(field, "must be at most " + format(MAX));
        }
        long wholeDays = days.group(1) == null ? 0 : Long.parseLong(days.group(1));
        return new Given(duration, canonical(wholeDays, duration.minusDays(wholeDays)));
    }

    private static String canonical(long days, Duration time) {
        if (days == 0) {
            return time.toString();
        }
        return time.isZero() ? "P" + days + "D" : "P" + days + "D" + time.toString().substring(1);
    }
}
