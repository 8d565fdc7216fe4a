package dev.vigil.user;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.vigil.common.validation.Mailboxes;

/**
 * The shape rules for the fields users type. Each check returns the
 * user-facing message of the first problem, or null when the value is acceptable.
 */
final class IdentityRules {

    static final int MAX_DISPLAY_NAME = 100;
    static final int MAX_REASON = 500;
    static final Set<String> CONTACT_METHODS = Set.of("email", "sms");

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,32}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private IdentityRules() {
    }

    static String normalizeUsername(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    static String username(String value) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        return USERNAME.matcher(normalizeUsername(value)).matches() ? null
                : "must be 3 to 32 characters of a-z, 0-9, '.', '_' and '-'";
    }

    static String email(String value) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        return Mailboxes.isValid(value) ? null : Mailboxes.MESSAGE;
    }

    static String phone(String value) {
        return value == null || E164.matcher(value).matches() ? null
                : "must be an E.164 number such as +14155550123";
    }

    static String timezone(String value) {
        if (value == null) {
            return "must not be null";
        }
        try {
            return ZoneId.getAvailableZoneIds().contains(value) && ZoneId.of(value) != null ? null
                    : "must be an IANA time zone such as Europe/Berlin";
        } catch (DateTimeException e) {
            return "must be an IANA time zone such as Europe/Berlin";
        }
    }

    static String contactMethod(String value) {
        return value != null && CONTACT_METHODS.contains(value) ? null : "must be one of: email, sms";
    }

    static String displayName(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return "must not be blank (send null to remove it)";
        }
        return value.codePointCount(0, value.length()) <= MAX_DISPLAY_NAME ? null
                : "must be at most " + MAX_DISPLAY_NAME + " characters";
    }

    static String reason(String value) {
        return value == null || value.length() <= MAX_REASON ? null : "must be at most " + MAX_REASON + " characters";
    }
}
