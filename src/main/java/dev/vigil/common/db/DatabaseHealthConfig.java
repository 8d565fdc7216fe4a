package dev.vigil.common.db;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How readiness checks the database (see {@link DatabaseReadiness}). */
@ConfigMapping(prefix = "vigil.database")
public interface DatabaseHealthConfig {

    /**
     * How long one readiness probe may take (connect, one query) before it counts as DOWN. Also the
     * probe connection's TCP connect timeout, so a database host that does not answer at all does
     * not hold a probe longer.
     */
    @WithDefault("2s")
    Duration probeTimeout();

    /**
     * While an outage is open, the probe runs this often on its own (without a readiness request), so
     * that the outage's end is noticed and logged even when nothing asks.
     */
    @WithDefault("1s")
    Duration recheckEvery();
}
