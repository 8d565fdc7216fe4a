package dev.vigil.account;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Referral codes: 10 characters of Crockford's base-32 alphabet (50 random bits, no 0/O or 1/I/L
 * to confuse), upper case. Given codes are compared upper-cased.
 */
final class ReferralCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReferralCodes() {
    }

    static String generate() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    static String normalize(String given) {
        return given.strip().toUpperCase(Locale.ROOT);
    }
}
