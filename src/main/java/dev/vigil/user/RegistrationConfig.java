package dev.vigil.user;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil.registration")
public interface RegistrationConfig {

    /** {@code open}: anyone may register; {@code invite-only}: only with a valid invite. */
    @WithDefault("open")
    Mode mode();

    enum Mode {
        OPEN, INVITE_ONLY;
    }
}
