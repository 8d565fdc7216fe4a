package dev.vigil.common.time;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The single source of "now": every time-dependent rule injects {@link Clock}, so tests can move it.
 * It ticks in whole microseconds, PostgreSQL's precision, so an instant is the same whether it is
 * answered straight away or read back from the database later.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }
}
