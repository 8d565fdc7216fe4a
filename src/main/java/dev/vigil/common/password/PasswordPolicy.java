package dev.vigil.common.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.vigil.common.error.FieldError;

/**
 * The rules a new password must meet (the identity rules): between {@code vigil.password.min-length}
 * and {@value #MAX_LENGTH} Unicode code points after NFC normalization, not one of the most common
 * passwords, and not containing the username or the email's local part. There are no composition
 * rules. Comparisons ignore case; the password itself is never altered.
 *
 * <p>The common-password list is read once, at startup, from the classpath resource
 * {@value #COMMON_PASSWORDS}.
 */
@Startup
@ApplicationScoped
public class PasswordPolicy {

    /** Most code points a password may have. */
    public static final int MAX_LENGTH = 256;

    static final String COMMON_PASSWORDS = "password/common-passwords.txt";

    /** Username and email local part are only looked for inside the password from this length on. */
    private static final int MIN_CONTAINED_PART = 3;

    private final int minLength;
    private final Set<String> commonPasswords;

    public PasswordPolicy(PasswordConfig config) {
        this.minLength = config.minLength();
        this.commonPasswords = loadCommonPasswords();
    }

    /**
     * Lists every rule the password breaks, each as an error on {@code field}; empty when it is
     * acceptable. Messages never repeat the password.
     *
     * @param field    the request field the password came in ({@code password}, {@code new_password})
     * @param username the account's username, or {@code null} to skip that rule
     * @param email    the account's email, or {@code null} to skip that rule
     */
    public List<FieldError> check(String field, String password, String username, String email) {
        if (password == null) {
            return List.of(new FieldError(field, "is required"));
        }
        String normalized = nfc(password);
        int length = normalized.codePointCount(0, normalized.length());
        String folded = fold(normalized);

        List<FieldError> errors = new ArrayList<>();
        if (length < minLength) {
            errors.add(new FieldError(field, "must be at least " + minLength + " characters"));
        }
        if (length > MAX_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        if (commonPasswords.contains(folded)) {
            errors.add(new FieldError(field, "is too common"));
        }
        if (containsPart(folded, username)) {
            errors.add(new FieldError(field, "must not contain your username"));
        }
        if (containsPart(folded, localPart(email))) {
            errors.add(new FieldError(field, "must not contain your email address"));
        }
        return List.copyOf(errors);
    }

    /** How many entries the common-password list holds. */
    int commonPasswordCount() {
        return commonPasswords.size();
    }

    private static boolean containsPart(String foldedPassword, String part) {
        if (part == null) {
            return false;
        }
        String foldedPart = fold(nfc(part));
        return foldedPart.codePointCount(0, foldedPart.length()) >= MIN_CONTAINED_PART
                && foldedPassword.contains(foldedPart);
    }

    private static String localPart(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }

    private static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static Set<String> loadCommonPasswords() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PasswordPolicy.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + COMMON_PASSWORDS);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Set<String> entries = new HashSet<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    entries.add(fold(nfc(line.strip())));
                }
            }
            return Set.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + COMMON_PASSWORDS, e);
        }
    }
}
