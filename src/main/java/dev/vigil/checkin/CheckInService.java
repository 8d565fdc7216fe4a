package dev.vigil.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.account.AccountService;
import dev.vigil.account.AccountStatus;
import dev.vigil.account.AccountStatusListener;
import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.user.UserContact;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The user's side of the switch: reading and configuring it, checking in (by API or reminder link),
 * and keeping the clock in step with the account (pause, resume, re-authorization after a release).
 */
@ApplicationScoped
public class CheckInService implements AccountStatusListener {

    static final String CHANNEL_EMAIL = "email";
    static final String CHANNEL_SMS = "sms";

    private final CheckInRepository checkIns;
    private final CheckInReminderRepository reminders;
    private final AccountService accounts;
    private final UserService users;
    private final OneTimeTokens tokens;
    private final SecurityEvents events;
    private final CheckInConfig config;
    private final Clock clock;

    public CheckInService(CheckInRepository checkIns, CheckInReminderRepository reminders, AccountService accounts,
            UserService users, OneTimeTokens tokens, SecurityEvents events, CheckInConfig config, Clock clock) {
        this.checkIns = checkIns;
        this.reminders = reminders;
        this.accounts = accounts;
        this.users = users;
        this.tokens = tokens;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** The user's switch as it stands now. */
    @WithTransaction
    public Uni<CheckInResponse> state(UUID userId) {
        return checkIns.findById(userId)
                .chain(checkIn -> describe(userId, checkIn));
    }

    /** Turns the switch on (starting the clock now) or off; a released switch cannot be changed. */
    @WithTransaction
    public Uni<CheckInResponse> configure(UUID userId, CheckInRequest request) {
        Durations.Given interval = request.interval() == null ? null : Durations.parse("interval", request.interval());
        Durations.Given grace = request.gracePeriod() == null
                ? new Durations.Given(config.defaultGracePeriod(), Durations.format(config.defaultGracePeriod()))
                : Durations.parse("grace_period", request.gracePeriod());
        if (interval != null && interval.duration().compareTo(config.minInterval()) < 0) {
            throw VigilException.invalidField("interval", "must be at least " + Durations.format(config.minInterval()));
        }
        if (interval == null && request.enabled()) {
            throw VigilException.invalidField("interval", "must not be null");
        }
        Instant now = clock.instant();
        Uni<Void> allowed = request.enabled() ? users.requireVerified(userId) : Uni.createFrom().voidItem();
        return allowed
                .chain(() -> checkIns.ensureRow(userId, config.defaultGracePeriod().getSeconds(),
                        Durations.format(config.defaultGracePeriod()), now))
                .chain(() -> loadLocked(userId))
                .chain(found -> {
                    CheckIn checkIn = found.checkIn();
                    AccountStatus account = found.account();
                    if (checkIn.releasedAt != null || account == AccountStatus.FULFILLED) {
                        throw refused("The switch was released; an administrator must re-authorize the account first");
                    }
                    checkIn.suspended = account != AccountStatus.ACTIVE;
                    checkIn.graceSeconds = grace.duration().getSeconds();
                    checkIn.graceText = grace.text();
                    if (interval != null) {
                        checkIn.intervalSeconds = interval.duration().getSeconds();
                        checkIn.intervalText = interval.text();
                    }
                    checkIn.enabled = request.enabled();
                    checkIn.updatedAt = now;
                    return newDeadline(checkIn, found.contact(), now)
                            .replaceWith(checkIn);
                })
                .chain(saved -> describe(userId, saved));
    }

    /** {@code POST /api/v1/me/check-in}: the user is fine; the next deadline is an interval from now. */
    @WithTransaction
    public Uni<CheckInResponse> checkIn(UUID userId) {
        return loadLocked(userId)
                .chain(this::checkInNow);
    }

    /**
     * Checks in with the token of a reminder link. A link works until used or until its deadline is
     * replaced (then it is an expired link); after a release or while paused it answers 409 and stays
     * unused.
     */
    @WithTransaction
    public Uni<CheckInResponse> checkInWithToken(String token) {
        return tokens.consume(TokenPurpose.CHECK_IN, token)
                .chain(use -> loadLocked(use.userId())
                        .invoke(found -> {
                            CheckIn checkIn = found.checkIn();
                            if (checkIn != null && checkIn.releasedAt == null && found.account() != AccountStatus.FULFILLED
                                    && checkIn.enabled && !checkIn.suspended
                                    && !String.valueOf(checkIn.deadlineNo).equals(use.target())) {
                                throw new VigilException(TokenError.EXPIRED_TOKEN,
                                        "A newer deadline has replaced the one this link was sent for");
                            }
                        })
                        .chain(this::checkInNow));
    }

    /**
     * Turns a released account back to active and restarts its clock from now (an admin's action;
     * {@code actorId} is recorded). 409 {@code invalid-state-transition} unless the account was released.
     */
    @WithTransaction
    public Uni<Void> reauthorize(UUID userId, UUID actorId) {
        Instant now = clock.instant();
        return accounts.reauthorize(userId)
                .chain(() -> loadLocked(userId))
                .chain(found -> {
                    CheckIn checkIn = found.checkIn();
                    if (checkIn == null) {
                        return Uni.createFrom().voidItem();
                    }
                    checkIn.releasedAt = null;
                    checkIn.suspended = false;
                    checkIn.updatedAt = now;
                    return newDeadline(checkIn, found.contact(), now);
                })
                .chain(() -> events.record(SecurityEvent.of(SecurityEventType.ACCOUNT_REAUTHORIZED, userId, ClientInfo.NONE)
                        .by(actorId)));
    }

    /** Pausing or cancelling stops the switch; resuming restarts its clock from now. */
    @Override
    public Uni<Void> statusChanged(UUID userId, AccountStatus from, AccountStatus to) {
        Instant now = clock.instant();
        return loadLocked(userId)
                .chain(found -> {
                    CheckIn checkIn = found.checkIn();
                    if (checkIn == null) {
                        return Uni.createFrom().voidItem();
                    }
                    checkIn.suspended = to != AccountStatus.ACTIVE;
                    checkIn.updatedAt = now;
                    if (checkIn.suspended) {
                        checkIn.nextReminderAt = null;
                        return Uni.createFrom().voidItem();
                    }
                    return newDeadline(checkIn, found.contact(), now);
                });
    }

    /** The switch, the account's status and the user's contact details, read one after the other in one session. */
    private Uni<Loaded> load(UUID userId) {
        return loaded(userId, checkIns.findById(userId));
    }

    /** The same, with the switch's row locked for a change until the transaction ends. */
    private Uni<Loaded> loadLocked(UUID userId) {
        return loaded(userId, checkIns.lock(userId));
    }

    private Uni<Loaded> loaded(UUID userId, Uni<CheckIn> switchRow) {
        return switchRow
                .chain(checkIn -> accounts.statusOf(userId)
                        .chain(account -> users.contactOf(userId)
                                .map(contact -> new Loaded(userId, checkIn, account, contact))));
    }

    private record Loaded(UUID userId, CheckIn checkIn, AccountStatus account, UserContact contact) {
    }

    private Uni<CheckInResponse> checkInNow(Loaded found) {
        Instant now = clock.instant();
        CheckIn checkIn = found.checkIn();
        return Uni.createFrom().item(found)
                .chain(ignored -> {
                    AccountStatus account = found.account();
                    if (checkIn == null || !checkIn.enabled) {
                        throw refused("Check-in is not enabled");
                    }
                    if (checkIn.releasedAt != null || account == AccountStatus.FULFILLED) {
                        throw refused("The switch was released; an administrator must re-authorize the account");
                    }
                    if (checkIn.suspended || account != AccountStatus.ACTIVE) {
                        throw refused("The account is paused; resume it to check in");
                    }
                    checkIn.lastCheckInAt = now;
                    checkIn.updatedAt = now;
                    return newDeadline(checkIn, found.contact(), now);
                })
                .chain(() -> describe(found.userId(), checkIn));
    }

    /**
     * Starts a new deadline an interval from now (or clears it when the switch is off): reminder links
     * of the old one stop working, and the scanner's next reminder is the first one still ahead.
     */
    private Uni<Void> newDeadline(CheckIn checkIn, UserContact contact, Instant now) {
        checkIn.deadlineNo++;
        if (!checkIn.enabled) {
            checkIn.deadlineStartedAt = null;
            checkIn.nextDueAt = null;
            checkIn.releaseAt = null;
            checkIn.nextReminderAt = null;
        } else {
            checkIn.deadlineStartedAt = now;
            checkIn.nextDueAt = now.plus(checkIn.interval());
            checkIn.releaseAt = checkIn.nextDueAt.plus(checkIn.gracePeriod());
            checkIn.nextReminderAt = checkIn.live() ? firstReminder(checkIn, contact) : null;
        }
        return reminders.delete("userId = ?1 and deadlineNo < ?2", checkIn.userId, checkIn.deadlineNo)
                .replaceWithVoid();
    }

    /** The first reminder of a deadline that has just started (every planned one lies after its start). */
    private Instant firstReminder(CheckIn checkIn, UserContact contact) {
        return plan(checkIn, contact).stream()
                .map(ReminderSchedule.Planned::at)
                .findFirst()
                .orElse(null);
    }

    List<ReminderSchedule.Planned> plan(CheckIn checkIn, UserContact contact) {
        if (checkIn.nextDueAt == null || checkIn.interval() == null) {
            return List.of();
        }
        Instant startedAt = checkIn.deadlineStartedAt != null ? checkIn.deadlineStartedAt
                : checkIn.nextDueAt.minus(checkIn.interval());
        return ReminderSchedule.plan(startedAt, checkIn.nextDueAt, checkIn.interval(), config.reminderOffsets(),
                ReminderSchedule.zone(contact == null ? null : contact.timezone()));
    }

    /** The channel a reminder to this user goes by: SMS only when preferred and a number is known. */
    static String channel(UserContact contact) {
        return contact != null && CHANNEL_SMS.equals(contact.preferredContactMethod()) && contact.phone() != null
                ? CHANNEL_SMS : CHANNEL_EMAIL;
    }

    private Uni<CheckInResponse> describe(UUID userId, CheckIn checkIn) {
        if (checkIn == null) {
            return accounts.statusOf(userId)
                    .map(account -> new CheckInResponse(false, null, Durations.format(config.defaultGracePeriod()), null,
                            null, null, account == AccountStatus.FULFILLED ? "released" : "disabled", List.of()));
        }
        return load(userId)
                .chain(found -> reminders.list("userId = ?1 and deadlineNo = ?2", userId, checkIn.deadlineNo)
                        .map(sent -> describe(checkIn, found.account(), found.contact(), sent)));
    }

    private CheckInResponse describe(CheckIn checkIn, AccountStatus account, UserContact contact,
            List<CheckInReminder> sent) {
        Instant now = clock.instant();
        List<ReminderSchedule.Planned> plan = plan(checkIn, contact);
        String status = status(checkIn, account, plan, now);
        Map<Long, CheckInReminder> sentByOffset = sent.stream()
                .collect(Collectors.toMap(r -> r.offsetSeconds, r -> r));
        List<CheckInResponse.ReminderResponse> listed = "disabled".equals(status) || "paused".equals(status)
                ? List.of()
                : plan.stream()
                        .map(p -> {
                            CheckInReminder done = sentByOffset.get(p.offset().getSeconds());
                            return done == null
                                    ? new CheckInResponse.ReminderResponse(p.at(), channel(contact), null, null)
                                    : new CheckInResponse.ReminderResponse(done.plannedAt, done.channel, done.sentAt,
                                            done.skippedAt);
                        })
                        .toList();
        return new CheckInResponse(checkIn.enabled,
                checkIn.intervalSeconds == null ? null : Durations.shown(checkIn.intervalText, checkIn.intervalSeconds),
                Durations.shown(checkIn.graceText, checkIn.graceSeconds), checkIn.lastCheckInAt,
                checkIn.enabled ? checkIn.nextDueAt : null, checkIn.enabled ? checkIn.releaseAt : null, status, listed);
    }

    /** {@code ok} before the first reminder, {@code due} until the deadline, {@code grace} until release. */
    static String status(CheckIn checkIn, AccountStatus account, List<ReminderSchedule.Planned> plan, Instant now) {
        if (checkIn.releasedAt != null || account == AccountStatus.FULFILLED) {
            return "released";
        }
        if (!checkIn.enabled) {
            return "disabled";
        }
        if (checkIn.suspended || account != AccountStatus.ACTIVE) {
            return "paused";
        }
        Instant firstReminder = plan.isEmpty() ? checkIn.nextDueAt : plan.get(0).at();
        if (now.isBefore(firstReminder)) {
            return "ok";
        }
        return now.isBefore(checkIn.nextDueAt) ? "due" : "grace";
    }

    private static VigilException refused(String detail) {
        return new VigilException(CheckInError.INVALID_STATE_TRANSITION, detail);
    }
}
