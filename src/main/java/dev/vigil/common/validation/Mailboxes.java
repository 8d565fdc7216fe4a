package dev.vigil.common.validation;

import java.util.regex.Pattern;

/**
 * What Vigil accepts as an email address: a plain RFC 5321 mailbox, {@code local@domain} and nothing
 * else. No display name ({@code victim<attacker@evil.test>} would be delivered to the address in the
 * brackets and dodge the unique-address rule), no angle brackets, quotes, comments, whitespace or
 * control characters, no address literals. The local part is a dot-atom of at most 64 characters;
 * the domain is at least two dot-separated host-name labels; the whole at most 254 characters.
 * ASCII only: Vigil's mail is sent without the SMTPUTF8 extension.
 */
public final class Mailboxes {

    public static final int MAX_LENGTH = 254;
    public static final String MESSAGE = "must be a plain email address such as ada@example.org";

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern MAILBOX = Pattern.compile(
            "(?=[^@]{1,64}@)" + ATEXT + "+(?:\\." + ATEXT + "+)*@" + LABEL + "(?:\\." + LABEL + ")+");

    private Mailboxes() {
    }

    /** Whether {@code value} is such an address (null is not). */
    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && MAILBOX.matcher(value).matches();
    }
}
