package dev.vigil.notify.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Vigil delivers webhooks (the release webhook and the admin webhook). */
@ConfigMapping(prefix = "vigil.webhook")
public interface WebhookConfig {

    /**
     * How long a receiver may take to accept the connection and to answer; after that the attempt
     * counts as failed and the outbox tries again later.
     */
    @WithDefault("PT10S")
    Duration timeout();
}
