package dev.vigil.common.password;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format that the reference implementation writes:
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<tag>}, with salt and tag in standard
 * Base64 without padding. Only version 0x13 is accepted.
 *
 * <p>Parsing bounds every number, so that a damaged or planted row cannot make a login allocate
 * gigabytes or spin for minutes; a string outside the bounds counts as unparseable.
 */
final class Argon2idHash {

    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 1024;
    static final int MAX_PARALLELISM = 64;
    static final int MIN_SALT_BYTES = 8;
    static final int MAX_SALT_BYTES = 64;
    static final int MIN_TAG_BYTES = 16;
    static final int MAX_TAG_BYTES = 64;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,4}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] tag;

    Argon2idHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] tag) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt.clone();
        this.tag = tag.clone();
    }

    /** Reads a PHC string; empty when it is not an Argon2id v19 hash within the bounds above. */
    static Optional<Argon2idHash> parse(String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return Optional.empty();
        }
        int memoryKib = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        byte[] salt;
        byte[] tag;
        try {
            salt = DECODER.decode(m.group(4));
            tag = DECODER.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean withinBounds = parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && salt.length >= MIN_SALT_BYTES && salt.length <= MAX_SALT_BYTES
                && tag.length >= MIN_TAG_BYTES && tag.length <= MAX_TAG_BYTES;
        if (!withinBounds) {
            return Optional.empty();
        }
        return Optional.of(new Argon2idHash(memoryKib, iterations, parallelism, salt, tag));
    }

    /** Computes an Argon2id v19 tag of {@code tagLength} bytes ({@link Argon2id}). */
    static byte[] derive(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int tagLength) {
        return Argon2id.derive(password, salt, memoryKib, iterations, parallelism, tagLength);
    }

    /** Recomputes the tag for {@code password} with this hash's own parameters and compares in constant time. */
    boolean matches(byte[] password) {
        byte[] candidate = derive(password, salt, memoryKib, iterations, parallelism, tag.length);
        return MessageDigest.isEqual(candidate, tag);
    }

    /** The PHC string form. */
    String encode() {
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(tag);
    }

    int memoryKib() {
        return memoryKib;
    }

    int iterations() {
        return iterations;
    }

    int parallelism() {
        return parallelism;
    }

    int saltLength() {
        return salt.length;
    }

    int tagLength() {
        return tag.length;
    }

    /** Never prints salt or tag, so that a stray log line cannot leak a hash. */
    @Override
    public String toString() {
        return "Argon2idHash[m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
    }
}
