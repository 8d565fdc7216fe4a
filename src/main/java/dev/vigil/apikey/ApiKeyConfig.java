package dev.vigil.apikey;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** API keys: how many a user may hold and how the per-instance cache behaves. */
@ConfigMapping(prefix = "vigil.api-keys")
public interface ApiKeyConfig {

    /** Keys one user may hold at once; creating one more answers 409 {@code limit-reached}. */
    @WithDefault("20")
    int maxPerUser();

    /**
     * How often each instance writes the {@code last_used_at} times it collected, in one statement.
     * Lists may show a use this much later than it happened.
     */
    @WithDefault("30s")
    Duration lastUsedFlushEvery();

    /** Keys (with their owner's standing) each instance keeps in memory. */
    @WithDefault("10000")
    int cacheSize();
}
