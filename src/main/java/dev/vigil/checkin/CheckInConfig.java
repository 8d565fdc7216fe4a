package dev.vigil.checkin;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The check-in switch: how often people must check in, when they are reminded, how the scan runs. */
@ConfigMapping(prefix = "vigil.check-in")
public interface CheckInConfig {

    /** The shortest interval a user may choose (a shorter one is 400 {@code validation-failed}). */
    @WithDefault("P1D")
    Duration minInterval();

    /** Grace period after a missed deadline when a PUT does not name one. */
    @WithDefault("P3D")
    Duration defaultGracePeriod();

    /**
     * Reminders go out at {@code next_due_at} minus each of these offsets that is shorter than the
     * interval; offsets of a day or more are moved earlier into 09:00–20:00 of the user's time zone.
     */
    @WithDefault("P7D,P1D,PT0S")
    List<Duration> reminderOffsets();

    /**
     * How often due reminders and releases are looked for (a Quarkus scheduler period such as
     * {@code 30s}; {@code off} disables the scan on this instance).
     */
    @WithDefault("30s")
    String scanEvery();

    /** How many accounts one scan transaction locks and handles at a time. */
    @WithDefault("500")
    int batchSize();

    /** The most trusted contacts one user may have (more: 409 {@code limit-reached}). */
    @WithDefault("10")
    int maxTrustedContacts();

    /** How far ahead a snooze may end (further: 400 {@code validation-failed} on {@code until}). */
    @WithDefault("P30D")
    Duration maxSnooze();

    /**
     * With {@code activity_counts}, how often a login, refresh or API-key use may move the user's
     * check-in: at most one write per user per this period.
     */
    @WithDefault("PT1H")
    Duration activityWriteEvery();

    /** How long after one consent request to a contact the owner may send the next (sooner: 429). */
    @WithDefault("PT1H")
    Duration consentResendEvery();
}
