package dev.vigil.notify;

import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * What a failed delivery may say in the log: the reason, without what must not be in a log line.
 * Addresses are masked ({@code b•••@example.org}), phone numbers keep their last two digits,
 * webhook receivers show only their host (their paths often hold a secret), and {@code token=}
 * values in links are hidden.
 */
final class DeliveryFailures {

    static final int MAX_REASON_LENGTH = 300;
    private static final String HIDDEN = "•••";
    private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+\\d{5,}(\\d{2})");
    private static final Pattern TOKEN = Pattern.compile("(token=)[^&\\s\"'>]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private DeliveryFailures() {
    }

    /** The failure's own words (its kind when it has none), with addresses and tokens hidden. */
    static String reason(Throwable failure) {
        Throwable shown = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = shown.getMessage();
        String text = message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
        text = EMAIL.matcher(text).replaceAll(match -> quoteReplacement(MailRenderer.maskEmail(match.group())));
        text = PHONE.matcher(text).replaceAll("+" + HIDDEN + "$1");
        text = TOKEN.matcher(text).replaceAll("$1" + HIDDEN);
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }

    /** Whom the message was for, as far as a log may tell. */
    static String recipient(String kind, String recipient) {
        if (recipient == null || recipient.isBlank()) {
            return HIDDEN;
        }
        return switch (kind) {
            case NotificationService.KIND_MAIL -> MailRenderer.maskEmail(recipient);
            case NotificationService.KIND_SMS -> PHONE.matcher(recipient.strip()).matches()
                    ? PHONE.matcher(recipient.strip()).replaceAll("+" + HIDDEN + "$1") : HIDDEN;
            case NotificationService.KIND_WEBHOOK -> webhookHost(recipient);
            default -> HIDDEN;
        };
    }

    private static String webhookHost(String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            return host == null ? HIDDEN : host;
        } catch (IllegalArgumentException e) {
            return HIDDEN;
        }
    }

    private static String quoteReplacement(String text) {
        return java.util.regex.Matcher.quoteReplacement(text);
    }
}
