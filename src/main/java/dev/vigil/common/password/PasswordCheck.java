package dev.vigil.common.password;

/**
 * Outcome of {@link PasswordHasher#verify}.
 *
 * @param matches     the password is the one the stored hash was made from
 * @param needsRehash only ever true together with {@code matches}: the stored hash is bcrypt or
 *                    uses other Argon2id parameters than the configured ones, so the caller should
 *                    store a fresh {@link PasswordHasher#hash} of the same password
 */
public record PasswordCheck(boolean matches, boolean needsRehash) {

    /** A wrong password, an unknown user or an unreadable stored hash. */
    public static final PasswordCheck NO_MATCH = new PasswordCheck(false, false);
}
