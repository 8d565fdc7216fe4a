package dev.vigil.auth;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus counters of logins, refreshes, revoked sessions and lockouts. Every tag value is
 * registered up front, so each series exists (at 0) from the first scrape and rates work from the start.
 */
@ApplicationScoped
public class AuthMetrics {

    /** How a login attempt ended, as the {@code outcome} tag of {@code vigil_logins_total}. */
    public enum LoginOutcome {
        SUCCESS, INVALID_CREDENTIALS, LOCKED, BANNED, RELEASED, MFA_REQUIRED, INVALID_CODE
    }

    /**
     * How a refresh ended, as the {@code outcome} tag of {@code vigil_refreshes_total}. {@code GRACE}:
     * the token just replaced, presented again within the reuse grace, got the current one back.
     */
    public enum RefreshOutcome {
        SUCCESS, GRACE, INVALID, REUSED
    }

    private final Map<LoginOutcome, Counter> logins = new EnumMap<>(LoginOutcome.class);
    private final Map<RefreshOutcome, Counter> refreshes = new EnumMap<>(RefreshOutcome.class);
    private final Map<RevokeReason, Counter> revocations = new EnumMap<>(RevokeReason.class);
    private final Counter lockouts;

    public AuthMetrics(MeterRegistry registry) {
        for (LoginOutcome outcome : LoginOutcome.values()) {
            logins.put(outcome, Counter.builder("vigil.logins")
                    .description("Password logins by outcome")
                    .tag("outcome", tag(outcome))
                    .register(registry));
        }
        for (RefreshOutcome outcome : RefreshOutcome.values()) {
            refreshes.put(outcome, Counter.builder("vigil.refreshes")
                    .description("Refresh-token exchanges by outcome")
                    .tag("outcome", tag(outcome))
                    .register(registry));
        }
        for (RevokeReason reason : RevokeReason.values()) {
            revocations.put(reason, Counter.builder("vigil.sessions.revoked")
                    .description("Sessions revoked, by reason")
                    .tag("reason", reason.wire())
                    .register(registry));
        }
        lockouts = Counter.builder("vigil.lockouts")
                .description("Accounts locked after repeated failed logins")
                .register(registry);
    }

    /**
     * Counts a finished login: success when there is no failure, else the outcome its error stands
     * for. Failures that are not about the credentials or the account (a database outage) are not counted.
     */
    public void loginFinished(Object answer, Throwable failure) {
        LoginOutcome outcome = failure == null
                ? answer instanceof MfaChallengeResponse ? LoginOutcome.MFA_REQUIRED : LoginOutcome.SUCCESS
                : loginOutcome(failure);
        if (outcome != null) {
            logins.get(outcome).increment();
        }
    }

    void locked() {
        lockouts.increment();
    }

    void refreshed(RefreshOutcome outcome) {
        refreshes.get(outcome).increment();
    }

    void revoked(RevokeReason reason, int sessions) {
        if (sessions > 0) {
            revocations.get(reason).increment(sessions);
        }
    }

    private static LoginOutcome loginOutcome(Throwable failure) {
        if (!(failure instanceof VigilException vigil) || !(vigil.code() instanceof AuthError error)) {
            return null;
        }
        return switch (error) {
            case INVALID_CREDENTIALS -> LoginOutcome.INVALID_CREDENTIALS;
            case ACCOUNT_LOCKED -> LoginOutcome.LOCKED;
            case ACCOUNT_BANNED -> LoginOutcome.BANNED;
            case ACCOUNT_RELEASED -> LoginOutcome.RELEASED;
            case INVALID_CODE -> LoginOutcome.INVALID_CODE;
            case INVALID_REFRESH_TOKEN, INVALID_MFA_TOKEN, INVALID_ENROLMENT_CODE, MFA_STATE, WRONG_PASSWORD,
                    INVALID_PASSKEY, LAST_PASSKEY -> null;
        };
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
