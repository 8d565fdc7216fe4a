package dev.vigil.devtools;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who the dev admin is. The bootstrap-admin start-up step creates it, with a password from
 * {@link #newPassword}, when the dev tools are on, no {@code vigil.bootstrap-admin.*} is configured
 * and nobody holds the admin role yet.
 */
public final class DevAdmin {

    public static final String USERNAME = "admin";
    /** Under {@code .localhost}, a name reserved for this machine (RFC 6761): no mail leaves for it. */
    public static final String EMAIL = "admin@vigil.localhost";

    /** Characters of a dev admin password unless the password policy wants more: 144 random bits. */
    public static final int PASSWORD_LENGTH = 24;

    private DevAdmin() {
    }

    /** {@code length} random base64url characters (6 random bits each). */
    public static String newPassword(SecureRandom random, int length) {
        byte[] bytes = new byte[(length * 3 + 3) / 4];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }
}
