package dev.vigil.checkin;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Prometheus counters of the check-in switch: reminders queued (by channel; an escalated reminder
 * counts once per channel), trusted contacts asked to check on a user, and accounts released.
 * Counted after the transaction that queued them committed. Created at start ({@link Startup}), so every
 * series exists at 0 before the first reminder: an alert on its rate needs the series to be there.
 */
@Startup
@ApplicationScoped
public class CheckInMetrics {

    private final Map<String, Counter> reminders;
    private final Counter releases;
    private final Counter contactsAsked;

    public CheckInMetrics(MeterRegistry registry) {
        reminders = Map.of(
                CheckInService.CHANNEL_EMAIL, reminderCounter(registry, CheckInService.CHANNEL_EMAIL),
                CheckInService.CHANNEL_SMS, reminderCounter(registry, CheckInService.CHANNEL_SMS));
        releases = Counter.builder("vigil.check_in.releases")
                .description("Accounts released after a missed check-in")
                .tag("reason", "missed-check-in")
                .register(registry);
        contactsAsked = Counter.builder("vigil.check_in.contacts_asked")
                .description("Trusted contacts asked to check on a user whose grace period began")
                .register(registry);
    }

    private static Counter reminderCounter(MeterRegistry registry, String channel) {
        return Counter.builder("vigil.check_in.reminders")
                .description("Check-in reminders queued, by channel")
                .tag("channel", channel)
                .register(registry);
    }

    void reminderQueued(String channel) {
        Counter counter = reminders.get(channel);
        if (counter != null) {
            counter.increment();
        }
    }

    void contactsAsked(int count) {
        contactsAsked.increment(count);
    }

    void released() {
        releases.increment();
    }
}
