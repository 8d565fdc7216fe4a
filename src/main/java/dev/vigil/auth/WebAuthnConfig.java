package dev.vigil.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Passkeys (WebAuthn): who the relying party is and which web pages may use its passkeys. */
@ConfigMapping(prefix = "vigil.webauthn")
public interface WebAuthnConfig {

    /**
     * The relying party id: the domain passkeys are bound to (the host of the web app or a parent
     * domain of it). Unset: the host of {@code vigil.frontend-url}. Changing it later orphans every
     * registered passkey.
     */
    Optional<String> rpId();

    /**
     * The origins ({@code scheme://host[:port]}) whose pages may register and use passkeys, comma
     * separated. Unset: the origin of {@code vigil.frontend-url}.
     */
    Optional<List<String>> origins();

    /** The name a browser shows for the relying party when a passkey is created. */
    @WithDefault("Vigil")
    String rpName();

    /** How long the challenge of a registration or sign-in may be answered; single use either way. */
    @WithDefault("PT5M")
    Duration challengeTtl();
}
