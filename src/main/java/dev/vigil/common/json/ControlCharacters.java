package dev.vigil.common.json;

/**
 * The one rule for control characters in request text: U+0000–U+001F and U+007F are refused in every
 * string a client sends (JSON fields, form fields, path and query parameters), except tab, CR and LF
 * in free text ({@link FreeText}). PostgreSQL cannot store NUL at all, and the other control
 * characters have no business in names, addresses, tokens or passwords.
 */
public final class ControlCharacters {

    /** The field error message for a value that breaks the rule, by whether the field is free text. */
    public static final String MESSAGE = "must not contain control characters";
    public static final String FREE_TEXT_MESSAGE = "must not contain control characters other than tab, CR and LF";

    private ControlCharacters() {
    }

    /** Whether {@code value} holds a control character that is not allowed in it. */
    public static boolean forbidden(CharSequence value, boolean freeText) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(freeText && isLineOrTab(c))) {
                return true;
            }
        }
        return false;
    }

    /** The field error message for a value that {@link #forbidden} refused. */
    public static String message(boolean freeText) {
        return freeText ? FREE_TEXT_MESSAGE : MESSAGE;
    }

    private static boolean isControl(char c) {
        return c <= 0x1F || c == 0x7F;
    }

    private static boolean isLineOrTab(char c) {
        return c == '\t' || c == '\n' || c == '\r';
    }
}
