package dev.vigil.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.user.UserContact;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
    private final TrustedContactRepository contacts;
    private final ContactMessages messages;
    private final AccountService accounts;
    private final UserService users;
    private final OneTimeTokens tokens;
    private final NotificationService notifications;
    private final SecurityEvents events;
    private final CheckInConfig config;
    private final ReleaseConfig release;
    private final Clock clock;

    public CheckInService(CheckInRepository checkIns, CheckInReminderRepository reminders,
            TrustedContactRepository contacts, ContactMessages messages, AccountService accounts, UserService users,
            OneTimeTokens tokens, NotificationService notifications, SecurityEvents events, CheckInConfig config,
            ReleaseConfig release, Clock clock) {
        this.checkIns = checkIns;
        this.reminders = reminders;
        this.contacts = contacts;
        this.messages = messages;
        this.accounts = accounts;
        this.users = users;
        this.tokens = tokens;
        this.notifications = notifications;
        this.events = events;
        this.config = config;
        this.release = release;
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
                    checkIn.activityCounts = Boolean.TRUE.equals(request.activityCounts());
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
     * No reminders and no release until {@code until} (at most {@code vigil.check-in.max-snooze}
     * ahead); the current deadline then starts there. 409 when the switch is off, paused or released.
     */
    @WithTransaction
    public Uni<CheckInResponse> snooze(UUID userId, SnoozeRequest request) {
        Instant now = clock.instant();
        Instant until = request.until();
        if (!until.isAfter(now)) {
            throw VigilException.invalidField("until", "must be in the future");
        }
        if (until.isAfter(now.plus(config.maxSnooze()))) {
            throw VigilException.invalidField("until", "must be at most " + Durations.format(config.maxSnooze())
                    + " ahead");
        }
        return loadLocked(userId)
                .chain(found -> {
                    CheckIn checkIn = requireRunning(found);
                    checkIn.updatedAt = now;
                    return newDeadline(checkIn, found.contact(), until)
                            .invoke(() -> checkIn.snoozedUntil = until)
                            .chain(() -> describe(userId, checkIn));
                });
    }

    /** Ends a snooze (or does nothing when there is none running): the clock restarts now. */
    @WithTransaction
    public Uni<CheckInResponse> endSnooze(UUID userId) {
        Instant now = clock.instant();
        return loadLocked(userId)
                .chain(found -> {
                    CheckIn checkIn = found.checkIn();
                    if (checkIn == null || checkIn.snoozedUntil == null || !checkIn.snoozedUntil.isAfter(now)
                            || !checkIn.live()) {
                        return describe(userId, checkIn);
                    }
                    checkIn.updatedAt = now;
                    return newDeadline(checkIn, found.contact(), now)
                            .chain(() -> describe(userId, checkIn));
                });
    }

    /**
     * Mails the user, and nobody else, what each accepted contact and the release webhook would
     * receive if the switch were released now. 409 when the switch is off or released.
     */
    @WithTransaction
    public Uni<Void> testRelease(UUID userId) {
        Instant now = clock.instant();
        return loadLocked(userId)
                .chain(found -> {
                    CheckIn checkIn = found.checkIn();
                    if (checkIn == null || !checkIn.enabled) {
                        throw refused("Check-in is not enabled");
                    }
                    if (checkIn.releasedAt != null || found.account() == AccountStatus.FULFILLED) {
                        throw refused("The switch was released already");
                    }
                    UserContact owner = found.contact();
                    return contacts.list("userId = ?1 order by createdAt, id", userId)
                            .chain(list -> accounts.accountIdOf(userId)
                                    .chain(accountId -> {
                                        List<Map<String, Object>> previews = list.stream()
                                                .filter(TrustedContact::accepted)
                                                .map(contact -> messages.previewRelease(contact, owner).facts())
                                                .toList();
                                        Map<String, Object> facts = new HashMap<>();
                                        facts.put("contacts", previews);
                                        facts.put("pending_contacts", count(list, TrustedContact.PENDING));
                                        facts.put("declined_contacts", count(list, TrustedContact.DECLINED));
                                        if (release.webhookUrl().isPresent()) {
                                            facts.put("webhook", ReleaseAnnouncement.preview(
                                                    ReleaseAnnouncement.body(owner, accountId, checkIn, now)));
                                        }
                                        return notifications.queueMail(MailTemplate.TEST_RELEASE, userId, owner.email(),
                                                facts);
                                    }));
                });
    }

    /**
     * A trusted contact says they reached the user, through the link of an "are they OK?" message:
     * the release moves one grace period later, once per contact and deadline, and the user is told.
     * A link of a replaced deadline (the user checked in since) is out of date; after a release it
     * answers 409 and stays unused.
     */
    @WithTransaction
    public Uni<Vouched> vouch(String token) {
        Instant now = clock.instant();
        return tokens.consume(TokenPurpose.VOUCH, token)
                .chain(use -> {
                    VouchTarget target = VouchTarget.parse(use.target());
                    return loadLocked(use.userId())
                            .chain(found -> {
                                CheckIn checkIn = found.checkIn();
                                if (checkIn != null && (checkIn.releasedAt != null
                                        || found.account() == AccountStatus.FULFILLED)) {
                                    throw refused("The switch was released already");
                                }
                                if (checkIn != null && checkIn.enabled && (checkIn.suspended
                                        || found.account() != AccountStatus.ACTIVE)) {
                                    throw refused("The account is paused; nothing will be released while it is");
                                }
                                if (checkIn == null || !checkIn.live() || checkIn.deadlineNo != target.deadlineNo()) {
                                    throw new VigilException(TokenError.EXPIRED_TOKEN,
                                            "They have checked in since this message was sent");
                                }
                                return contacts.find("id = ?1 and userId = ?2", target.contactId(), use.userId())
                                        .firstResult()
                                        .chain(contact -> {
                                            if (contact == null) {
                                                throw new VigilException(TokenError.INVALID_TOKEN,
                                                        TokenError.INVALID_TOKEN.title());
                                            }
                                            return checkIns.recordVouch(checkIn.userId, checkIn.deadlineNo, contact.id,
                                                    now)
                                                    .chain(first -> first
                                                            ? postpone(checkIn, found.contact(), contact, now)
                                                            : Uni.createFrom().failure(new VigilException(
                                                                    TokenError.USED_TOKEN,
                                                                    "This contact has vouched for this deadline already")));
                                        });
                            });
                });
    }

    /** What a vouch did: whose release moved, and to when (in their time zone). */
    public record Vouched(String ownerName, String releaseAt) {
    }

    /** The name of the user a vouch link is about, for its page; fails as the token would. */
    @WithSession
    public Uni<String> ownerNameForVouch(String token) {
        return tokens.check(TokenPurpose.VOUCH, token)
                .chain(use -> users.contactOf(use.userId()))
                .map(ContactMessages::ownerName);
    }

    private Uni<Vouched> postpone(CheckIn checkIn, UserContact owner, TrustedContact contact, Instant now) {
        checkIn.releaseAt = checkIn.releaseAt.plus(checkIn.gracePeriod());
        checkIn.updatedAt = now;
        return reminders.list("userId = ?1 and deadlineNo = ?2", checkIn.userId, checkIn.deadlineNo)
                .chain(handled -> {
                    Set<Duration> done = handled.stream()
                            .map(r -> Duration.ofSeconds(r.offsetSeconds))
                            .collect(Collectors.toSet());
                    checkIn.nextReminderAt = plan(checkIn, owner).stream()
                            .filter(p -> !done.contains(p.offset()))
                            .map(ReminderSchedule.Planned::at)
                            .findFirst()
                            .orElse(null);
                    Vouched vouched = new Vouched(ContactMessages.ownerName(owner),
                            ContactMessages.when(checkIn.releaseAt, owner));
                    if (owner == null || owner.email() == null) {
                        return Uni.createFrom().item(vouched);
                    }
                    Map<String, Object> facts = new HashMap<>();
                    facts.put("contact_name", contact.name);
                    facts.put("release_at", vouched.releaseAt());
                    return notifications.queueMailWithLink(MailTemplate.VOUCH_RECEIVED, checkIn.userId, owner.email(),
                            facts, TokenPurpose.CHECK_IN, String.valueOf(checkIn.deadlineNo))
                            .replaceWith(vouched);
                });
    }

    /** The contact and deadline a vouch link was sent for. */
    private record VouchTarget(UUID contactId, long deadlineNo) {

        static VouchTarget parse(String target) {
            try {
                int colon = target.indexOf(':');
                return new VouchTarget(UUID.fromString(target.substring(0, colon)),
                        Long.parseLong(target.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new VigilException(TokenError.INVALID_TOKEN, TokenError.INVALID_TOKEN.title());
            }
        }
    }

    /**
     * Activity as a check-in: when the user opted in and has not checked in within {@code
     * vigil.check-in.activity-write-every}, checks them in now; otherwise changes nothing. True when it
     * checked in.
     */
    @WithTransaction
    public Uni<Boolean> checkInForActivity(UUID userId) {
        Instant now = clock.instant();
        return checkIns.lockForActivity(userId, now.minus(config.activityWriteEvery()))
                .chain(checkIn -> {
                    if (checkIn == null) {
                        return Uni.createFrom().item(false);
                    }
                    return accounts.statusOf(userId)
                            .chain(account -> account != AccountStatus.ACTIVE
                                    ? Uni.createFrom().item(false)
                                    : users.contactOf(userId)
                                            .chain(contact -> {
                                                checkIn.lastCheckInAt = now;
                                                checkIn.updatedAt = now;
                                                return newDeadline(checkIn, contact, now).replaceWith(true);
                                            }));
                });
    }

    private static long count(List<TrustedContact> list, String consent) {
        return list.stream().filter(contact -> consent.equals(contact.consent)).count();
    }

    /** The switch of a running deadline (on, not paused, not released), else 409. */
    private static CheckIn requireRunning(Loaded found) {
        CheckIn checkIn = found.checkIn();
        if (checkIn == null || !checkIn.enabled) {
            throw refused("Check-in is not enabled");
        }
        if (checkIn.releasedAt != null || found.account() == AccountStatus.FULFILLED) {
            throw refused("The switch was released; an administrator must re-authorize the account");
        }
        if (checkIn.suspended || found.account() != AccountStatus.ACTIVE) {
            throw refused("The account is paused; resume it first");
        }
        return checkIn;
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
                        checkIn.askContactsAt = null;
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
     * Starts a new deadline an interval from {@code start} (now, or the end of a snooze), or clears it
     * when the switch is off: reminder and vouch links of the old one stop working, a snooze ends, and
     * the scanner's next reminder is the first one of the new deadline.
     */
    private Uni<Void> newDeadline(CheckIn checkIn, UserContact contact, Instant start) {
        checkIn.deadlineNo++;
        checkIn.snoozedUntil = null;
        if (!checkIn.enabled) {
            checkIn.deadlineStartedAt = null;
            checkIn.nextDueAt = null;
            checkIn.releaseAt = null;
            checkIn.nextReminderAt = null;
            checkIn.askContactsAt = null;
        } else {
            checkIn.deadlineStartedAt = start;
            checkIn.nextDueAt = start.plus(checkIn.interval());
            checkIn.releaseAt = checkIn.nextDueAt.plus(checkIn.gracePeriod());
            checkIn.nextReminderAt = checkIn.live() ? firstReminder(checkIn, contact) : null;
            checkIn.askContactsAt = checkIn.live() ? checkIn.nextDueAt : null;
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
        return ReminderSchedule.plan(startedAt, checkIn.nextDueAt, checkIn.releaseAt, checkIn.interval(),
                config.reminderOffsets(), ReminderSchedule.zone(contact == null ? null : contact.timezone()));
    }

    /** The channel a reminder to this user goes by: SMS only when preferred and a number is known. */
    static String channel(UserContact contact) {
        return contact != null && CHANNEL_SMS.equals(contact.preferredContactMethod()) && contact.phone() != null
                ? CHANNEL_SMS : CHANNEL_EMAIL;
    }

    /** The channels a reminder goes by: both when it escalates and the user has an address and a number. */
    static List<String> channels(UserContact contact, boolean escalates) {
        boolean both = escalates && contact != null && contact.email() != null && contact.phone() != null;
        String first = channel(contact);
        return both ? List.of(first, CHANNEL_EMAIL.equals(first) ? CHANNEL_SMS : CHANNEL_EMAIL) : List.of(first);
    }

    private Uni<CheckInResponse> describe(UUID userId, CheckIn checkIn) {
        if (checkIn == null) {
            return accounts.statusOf(userId)
                    .map(account -> new CheckInResponse(false, null, Durations.format(config.defaultGracePeriod()),
                            false, null, null, null, null, account == AccountStatus.FULFILLED ? "released" : "disabled",
                            List.of()));
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
                                    ? new CheckInResponse.ReminderResponse(p.at(), channel(contact),
                                            channels(contact, ReminderSchedule.escalates(plan, p, checkIn.nextDueAt)),
                                            null, null)
                                    : new CheckInResponse.ReminderResponse(done.plannedAt, done.channel,
                                            done.escalated ? channels(contact, true) : List.of(done.channel),
                                            done.sentAt, done.skippedAt);
                        })
                        .toList();
        return new CheckInResponse(checkIn.enabled,
                checkIn.intervalSeconds == null ? null : Durations.shown(checkIn.intervalText, checkIn.intervalSeconds),
                Durations.shown(checkIn.graceText, checkIn.graceSeconds), checkIn.activityCounts, checkIn.lastCheckInAt,
                checkIn.enabled ? checkIn.nextDueAt : null, checkIn.enabled ? checkIn.releaseAt : null,
                "snoozed".equals(status) ? checkIn.snoozedUntil : null, status, listed);
    }

    /**
     * {@code snoozed} until a snooze ends, then {@code ok} before the first reminder, {@code due} until
     * the deadline, {@code grace} until release.
     */
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
        if (checkIn.snoozedUntil != null && now.isBefore(checkIn.snoozedUntil)) {
            return "snoozed";
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
