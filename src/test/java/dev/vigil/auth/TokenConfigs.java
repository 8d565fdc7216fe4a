package dev.vigil.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * The application's token settings with the signing algorithm (and key file) of another instance:
 * what a second instance started with a changed {@code vigil.tokens.signing-algorithm} would read.
 */
final class TokenConfigs {

    private TokenConfigs() {
    }

    static TokenConfig withAlgorithm(TokenConfig base, SigningAlgorithm algorithm) {
        return new Overridden(base, algorithm, base.signingKeyFile());
    }

    static TokenConfig withKeyFile(TokenConfig base, SigningAlgorithm algorithm, String keyFile) {
        return new Overridden(base, algorithm, Optional.of(keyFile));
    }

    private record Overridden(TokenConfig base, SigningAlgorithm signingAlgorithm, Optional<String> signingKeyFile)
            implements TokenConfig {

        @Override
        public Duration accessTtl() {
            return base.accessTtl();
        }

        @Override
        public Duration refreshTtl() {
            return base.refreshTtl();
        }

        @Override
        public Duration sessionMaxAge() {
            return base.sessionMaxAge();
        }

        @Override
        public Duration refreshReuseGrace() {
            return base.refreshReuseGrace();
        }

        @Override
        public String audience() {
            return base.audience();
        }

        @Override
        public Duration signingKeyRotateEvery() {
            return base.signingKeyRotateEvery();
        }

        @Override
        public Duration signingKeyPublishAhead() {
            return base.signingKeyPublishAhead();
        }

        @Override
        public String signingKeyCheckEvery() {
            return base.signingKeyCheckEvery();
        }
    }
}
