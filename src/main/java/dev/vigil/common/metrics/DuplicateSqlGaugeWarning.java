package dev.vigil.common.metrics;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Keeps one known, harmless WARN out of the log: every start, Micrometer refuses the second
 * connection's per-connection SQL gauge ("This Gauge has been already registered ...
 * clientType=sql"), a Quarkus bug fixed upstream after the version Vigil is on
 * (quarkusio/quarkus#47504). {@link SqlClientGauges} already drops those gauges, but Micrometer
 * checks for the duplicate before it applies filters. Only that message is held back; every other
 * line of Micrometer's, and every other duplicate gauge, is still logged.
 */
@LoggingFilter(name = DuplicateSqlGaugeWarning.NAME)
public final class DuplicateSqlGaugeWarning implements Filter {

    public static final String NAME = "vigil-duplicate-sql-gauge";

    private static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!LOGGER.equals(record.getLoggerName())) {
            return true;
        }
        String message = record.getMessage();
        return message == null || !(message.contains("Gauge has been already registered") && message.contains("clientType=sql"));
    }
}
