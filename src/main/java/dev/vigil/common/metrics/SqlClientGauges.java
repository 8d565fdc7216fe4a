package dev.vigil.common.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Drops the two gauges that Quarkus 3.34 registers for every database connection under one name
 * ({@code postgresql_queue_size}, {@code postgresql_current}, tagged {@code clientType=sql}): the
 * second connection's registration is refused with a WARN at every start (quarkusio/quarkus#47504),
 * and the surviving gauge shows the first connection alone. The pool's own figures
 * ({@code sql_pool_queue_size}, {@code sql_pool_active}, ...) and the SQL timers and counters stay.
 */
@Singleton
public class SqlClientGauges {

    @Produces
    @Singleton
    MeterFilter dropPerConnectionSqlGauges() {
        return MeterFilter.deny(SqlClientGauges::isPerConnectionSqlGauge);
    }

    static boolean isPerConnectionSqlGauge(Meter.Id id) {
        return id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType"));
    }
}
