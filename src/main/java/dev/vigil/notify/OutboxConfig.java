package dev.vigil.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox dispatcher claims, retries and forgets messages. */
@ConfigMapping(prefix = "vigil.outbox")
public interface OutboxConfig {

    /** Fallback poll; new messages wake the dispatcher at once through NOTIFY. */
    @WithDefault("5s")
    String pollEvery();

    /** Messages claimed per round. */
    @WithDefault("50")
    int batchSize();

    /** How long a claimed message is reserved; after that another dispatcher may send it again. */
    @WithDefault("PT2M")
    Duration lease();

    /** Attempts before a message is given up as {@code dead}. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the first retry; each further retry doubles it (with jitter), up to {@link #maxRetryDelay()}. */
    @WithDefault("PT15S")
    Duration retryDelay();

    @WithDefault("PT1H")
    Duration maxRetryDelay();

    /** How long sent messages are kept before they are purged. */
    @WithDefault("P7D")
    Duration retention();
}
