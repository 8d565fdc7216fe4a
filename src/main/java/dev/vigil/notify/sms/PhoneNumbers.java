package dev.vigil.notify.sms;

/** Phone numbers as they may appear in logs. */
final class PhoneNumbers {

    private static final String HIDDEN = "•••";
    private static final int MIN_HIDDEN = 3;
    private static final int MAX_SHOWN_HEAD = 5;

    private PhoneNumbers() {
    }

    /**
     * The number with its middle hidden: {@code +14155550123} becomes {@code +1415•••0123}. At least
     * three characters are always hidden; a number too short for that is hidden entirely.
     */
    static String mask(String e164) {
        if (e164 == null || e164.isBlank()) {
            return HIDDEN;
        }
        String number = e164.strip();
        int tail = number.length() >= 10 ? 4 : 2;
        int head = Math.min(MAX_SHOWN_HEAD, number.length() - tail - MIN_HIDDEN);
        if (head < 1) {
            return HIDDEN;
        }
        return number.substring(0, head) + HIDDEN + number.substring(number.length() - tail);
    }
}
