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
     * Base64 of 32 random bytes (e.g. {@code openssl rand -base64 32}): TOTP secrets are then stored
     * encrypted (AES-256-GCM). Give it through the environment ({@code VIGIL_MFA_SECRET_KEY}), never
     * the repository. Unset: secrets are stored as they are. Secrets stored before a key was set stay
     * readable; ones stored with a key need it from then on.
     */
    Optional<String> secretKey();
}
