package dev.vigil.common.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a request's URI and how large its headers may be before Vigil answers 414 or 431. Vigil
 * checks these itself, so the answers are problems with the usual headers; the HTTP codec's own
 * ceilings ({@code quarkus.http.limits.max-initial-line-length}, {@code .max-header-size}) are set
 * higher, and only a request past those gets the codec's bare answer.
 */
@ConfigMapping(prefix = "vigil.http")
public interface HttpLimitsConfig {

    /** The longest request target (path and query, as sent) in characters; longer is 414 {@code uri-too-long}. */
    @WithDefault("4096")
    int maxUriLength();

    /** The most header bytes (names, values and separators); more is 431 {@code headers-too-large}. */
    @WithDefault("20K")
    MemorySize maxHeaderSize();
}
