package dev.vigil.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** TOTP two-factor login. */
@ConfigMapping(prefix = "vigil.mfa")
public interface MfaConfig {

    /** The issuer an authenticator app shows beside the username ({@code otpauth://} URI). */
    @WithDefault("Vigil")
    String issuer();

    /** How long the {@code mfa_token} from the password step may be used to give the code. */
    @WithDefault("PT5M")
    Duration challengeTtl();

    /**
     * The old name of {@code vigil.secret-key} (which seals TOTP secrets and signing keys at rest), still
     * read when that is unset. Setting both to different keys stops the start.
     */
    Optional<String> secretKey();
}
