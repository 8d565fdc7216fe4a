package dev.vigil.common.password;

import java.util.Optional;

/** A {@link PasswordConfig} for tests that build the password classes by hand. */
record StubPasswordConfig(int minLength, StubArgon2 argon2, Optional<Integer> hashPoolSize)
        implements PasswordConfig {

    /** The documented defaults, with a fixed pool size. */
    static StubPasswordConfig defaults() {
        return new StubPasswordConfig(12, new StubArgon2(19456, 2, 1), Optional.of(2));
    }

    /** Tiny Argon2id cost, for tests about behaviour rather than cost. */
    static StubPasswordConfig cheap() {
        return new StubPasswordConfig(12, new StubArgon2(1024, 1, 1), Optional.of(2));
    }

    StubPasswordConfig withMinLength(int minLength) {
        return new StubPasswordConfig(minLength, argon2, hashPoolSize);
    }

    StubPasswordConfig withArgon2(int memoryKib, int iterations, int parallelism) {
        return new StubPasswordConfig(minLength, new StubArgon2(memoryKib, iterations, parallelism), hashPoolSize);
    }

    /** Argon2id parameters of the stub. */
    record StubArgon2(int memoryKib, int iterations, int parallelism) implements PasswordConfig.Argon2 {
    }
}
