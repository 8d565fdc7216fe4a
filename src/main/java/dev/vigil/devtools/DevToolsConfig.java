package dev.vigil.devtools;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Conveniences for trying Vigil out on a workstation: the {@code /dev} pages (a welcome page and the
 * mails sent since start) and a dev admin created at the first start. On in the dev profile only.
 */
@ConfigMapping(prefix = "vigil.dev-tools")
public interface DevToolsConfig {

    /**
     * Whether the dev tools are on. Off: {@code /dev} and everything below it answer 404, sent mails
     * are not kept, and no dev admin is created. Never turn it on in production: the mail page shows
     * every link that was mailed, to anyone who asks.
     */
    @WithDefault("false")
    boolean enabled();
}
