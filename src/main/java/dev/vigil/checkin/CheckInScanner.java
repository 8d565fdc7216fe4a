package dev.vigil.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.account.AccountService;
import dev.vigil.account.AccountStatus;
import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.auth.RevokeReason;
import dev.vigil.auth.SessionService;
import dev.vigil.common.db.BackgroundRounds;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.AdminWebhook;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxBatch;
import dev.vigil.notify.WebhookSecret;
import dev.vigil.user.UserContact;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Finds due reminders and releases and acts on them; safe to run on any number of instances at once.
 *
 * <p>Reminders: each round locks a bounded batch of switches whose {@code next_reminder_at} has come
 * ({@code FOR UPDATE SKIP LOCKED}, so instances share the work instead of waiting), records one
 * {@code check_in_reminders} row per reminder (its primary key makes a second send of the same
 * (account, deadline, offset) fail and roll back) and queues the message in the same transaction.
 * When several reminders of a deadline are due at once (the service was down), only the latest of
 * them is sent, late; the earlier ones are recorded as passed over, so a restart never sends a burst
 * and no planned reminder is left unaccounted for.
 *
 * <p>Asking contacts: when grace begins, each accepted trusted contact is asked to reach the user.
 * A batch of switches whose {@code ask_contacts_at} has come is locked the same way; one
 * {@code check_in_contact_asks} row per (account, deadline, contact) is recorded with each message
 * and {@code ask_contacts_at} is cleared in the same transaction.
 *
 * <p>Releases: each due switch is released in a transaction of its own, together with every message
 * it causes (accepted trusted contacts, release and admin webhooks), the revocation of all sessions
 * and the {@code account.released} event.
 */
@ApplicationScoped
public class CheckInScanner {

    static final String RELEASE_REASON = "Released after a missed check-in";
    private static final Logger LOG = Logger.getLogger(CheckInScanner.class);

    private final CheckInRepository checkIns;
    private final CheckInReminderRepository reminders;
    private final TrustedContactRepository contacts;
    private final ContactMessages messages;
    private final CheckInService service;
    private final AccountService accounts;
    private final UserService users;
    private final NotificationService notifications;
    private final AdminWebhook adminWebhook;
    private final SessionService sessions;
    private final SecurityEvents events;
    private final CheckInConfig config;
    private final ReleaseConfig release;
    private final Clock clock;
    private final Vertx vertx;
    private final CheckInMetrics metrics;
    private final AtomicBoolean scanning = new AtomicBoolean();

    public CheckInScanner(CheckInRepository checkIns, CheckInReminderRepository reminders,
            TrustedContactRepository contacts, ContactMessages messages, CheckInService service,
            AccountService accounts, UserService users,
            NotificationService notifications, AdminWebhook adminWebhook, SessionService sessions,
            SecurityEvents events, CheckInConfig config, ReleaseConfig release, Clock clock, Vertx vertx,
            CheckInMetrics metrics) {
        this.checkIns = checkIns;
        this.reminders = reminders;
        this.contacts = contacts;
        this.messages = messages;
        this.service = service;
        this.accounts = accounts;
        this.users = users;
        this.notifications = notifications;
        this.adminWebhook = adminWebhook;
        this.sessions = sessions;
        this.events = events;
        this.config = config;
        this.release = release;
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** What one scan did: reminders queued, switches whose contacts were asked, accounts released. */
    public record ScanResult(int reminders, int asked, int releases) {
    }

    @Scheduled(every = "${vigil.check-in.scan-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!scanning.compareAndSet(false, true)) {
            return;
        }
        // A fresh duplicated context, flagged safe: Hibernate Reactive requires one.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> scan()
                .subscribe().with(done -> scanning.set(false), failure -> {
                    BackgroundRounds.failed(LOG, "The check-in scan", failure);
                    scanning.set(false);
                }));
    }

    /**
     * One scan: every due reminder, then every switch whose contacts are due to be asked, then every
     * due release. Runs on a Vert.x context; never blocks.
     */
    public Uni<ScanResult> scan() {
        long started = System.nanoTime();
        return remindAll(0)
                .chain(sent -> askAll(0)
                        .chain(asked -> releaseAll(0)
                                .map(released -> new ScanResult(sent, asked, released))))
                .invoke(result -> {
                    if (result.reminders() > 0 || result.asked() > 0 || result.releases() > 0) {
                        LOG.infof("Check-in scan queued %d reminders, asked the contacts of %d accounts and released"
                                + " %d accounts in %d ms", result.reminders(), result.asked(), result.releases(),
                                Duration.ofNanos(System.nanoTime() - started).toMillis());
                    }
                });
    }

    private Uni<Integer> remindAll(int sofar) {
        return Panache.withTransaction(() -> remindBatch(clock.instant()))
                .invoke(channels -> channels.stream()
                        .filter(channel -> !channel.isEmpty())
                        .flatMap(channel -> Arrays.stream(channel.split("\\+")))
                        .forEach(metrics::reminderQueued))
                .map(List::size)
                .chain(handled -> handled >= config.batchSize()
                        ? remindAll(sofar + handled)
                        : Uni.createFrom().item(sofar + handled));
    }

    /**
     * One transaction: lock a batch of due switches, send one reminder each, move each to its next one.
     * One item per switch handled: the channel of the reminder queued, or empty when none was due. The
     * batch's reminder rows, messages and next reminder times are written with one statement each.
     */
    private Uni<List<String>> remindBatch(Instant now) {
        return checkIns.lockDueReminders(now, config.batchSize())
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : checkIns.readOnly(ids)
                                .chain(locked -> users.contactsOf(ids)
                                        .chain(contactsById -> reminders.list("userId in ?1", ids)
                                                .chain(handled -> contacts.list("userId in ?1", ids)
                                                        .chain(trusted -> remindAll(locked, contactsById, handled,
                                                                trusted, now))))));
    }

    private Uni<List<String>> remindAll(List<CheckIn> locked, Map<UUID, UserContact> contactsById,
            List<CheckInReminder> handled, List<TrustedContact> trusted, Instant now) {
        Map<UUID, List<CheckInReminder>> handledOf = byUser(handled, reminder -> reminder.userId);
        Map<UUID, List<TrustedContact>> trustedOf = byUser(trusted, contact -> contact.userId);
        List<CheckInReminder> rows = new ArrayList<>();
        Map<UUID, Instant> next = new HashMap<>();
        OutboxBatch out = notifications.batch();
        List<String> channels = new ArrayList<>(locked.size());
        for (CheckIn checkIn : locked) {
            channels.add(remind(checkIn, contactsById.get(checkIn.userId),
                    handledOffsets(handledOf.getOrDefault(checkIn.userId, List.of()), checkIn),
                    trustedOf.getOrDefault(checkIn.userId, List.of()), now, rows, out));
            next.put(checkIn.userId, checkIn.nextReminderAt);
        }
        return reminders.insertAll(rows)
                .chain(() -> checkIns.moveReminders(next))
                .chain(out::write)
                .replaceWith(channels);
    }

    /** A batch's rows by their user, each user's in their order. */
    private static <T> Map<UUID, List<T>> byUser(List<T> rows, Function<T, UUID> userOf) {
        return rows.stream().collect(Collectors.groupingBy(userOf));
    }

    /** The offsets of the switch's current deadline that were already sent or passed over. */
    private static Set<Duration> handledOffsets(List<CheckInReminder> handled, CheckIn checkIn) {
        return handled.stream()
                .filter(r -> r.deadlineNo == checkIn.deadlineNo)
                .map(r -> Duration.ofSeconds(r.offsetSeconds))
                .collect(Collectors.toSet());
    }

    /**
     * Plans the latest reminder that has come into {@code out}, records it and the earlier ones that
     * came with it (passed over) into {@code rows}, and sets the switch's next reminder time (the
     * switch is read-only: the caller writes that time). Its channels, or empty when nothing was sent.
     */
    private String remind(CheckIn checkIn, UserContact contact, Set<Duration> handled, List<TrustedContact> trusted,
            Instant now, List<CheckInReminder> rows, OutboxBatch out) {
        List<ReminderSchedule.Planned> plan = service.plan(checkIn, contact);
        ReminderSchedule.Step step = ReminderSchedule.step(plan, handled, now);
        checkIn.nextReminderAt = step.next();
        if (step.send() == null || contact == null) {
            return "";
        }
        String channel = CheckInService.channel(contact);
        List<String> channels = CheckInService.channels(contact,
                ReminderSchedule.escalates(plan, step.send(), checkIn.nextDueAt));
        for (ReminderSchedule.Planned passed : step.passedOver()) {
            rows.add(reminderRow(checkIn, passed, channel, null, now));
        }
        CheckInReminder sent = reminderRow(checkIn, step.send(), channel, now, null);
        sent.escalated = channels.size() > 1;
        rows.add(sent);
        if (!step.passedOver().isEmpty()) {
            LOG.infof("Check-in reminders of user %s came due together (the scan was not running); sent the latest,"
                    + " passed over %d", checkIn.userId, step.passedOver().size());
        }
        Reminder reminder = new Reminder(checkIn, contact, ReminderSchedule.inGrace(step.send(), checkIn.nextDueAt),
                count(trusted, TrustedContact.PENDING), count(trusted, TrustedContact.DECLINED));
        for (String one : channels) {
            queueReminder(out, reminder, one);
        }
        return String.join("+", channels);
    }

    /** What a reminder says: the deadline, whether grace has begun, how many contacts have not accepted. */
    private record Reminder(CheckIn checkIn, UserContact contact, boolean inGrace, long pendingContacts,
            long declinedContacts) {
    }

    private static long count(List<TrustedContact> trusted, String consent) {
        return trusted.stream().filter(contact -> consent.equals(contact.consent)).count();
    }

    private static CheckInReminder reminderRow(CheckIn checkIn, ReminderSchedule.Planned planned, String channel,
            Instant sentAt, Instant skippedAt) {
        CheckInReminder reminder = new CheckInReminder();
        reminder.userId = checkIn.userId;
        reminder.deadlineNo = checkIn.deadlineNo;
        reminder.offsetSeconds = planned.offset().getSeconds();
        reminder.plannedAt = planned.at();
        reminder.channel = channel;
        reminder.sentAt = sentAt;
        reminder.skippedAt = skippedAt;
        return reminder;
    }

    private static void queueReminder(OutboxBatch out, Reminder reminder, String channel) {
        CheckIn checkIn = reminder.checkIn();
        UserContact contact = reminder.contact();
        String target = String.valueOf(checkIn.deadlineNo);
        String dueAt = ContactMessages.when(checkIn.nextDueAt, contact);
        String releaseAt = ContactMessages.when(checkIn.releaseAt, contact);
        if (CheckInService.CHANNEL_SMS.equals(channel)) {
            String text = reminder.inGrace()
                    ? "Vigil: you missed your check-in. Your trusted contacts will be told on " + releaseAt
                            + " unless you check in."
                    : "Vigil: please check in by " + dueAt + ".";
            out.queueSms(checkIn.userId, contact.phone(), text, TokenPurpose.CHECK_IN, target,
                    NotificationService.PLAIN_SMS);
            return;
        }
        Map<String, Object> facts = new HashMap<>();
        facts.put("username", contact.username());
        facts.put("due_at", dueAt);
        facts.put("in_grace", reminder.inGrace());
        facts.put("release_at", releaseAt);
        facts.put("pending_contacts", reminder.pendingContacts());
        facts.put("declined_contacts", reminder.declinedContacts());
        out.queueMailWithLink(MailTemplate.CHECK_IN_REMINDER, checkIn.userId, contact.email(), facts,
                TokenPurpose.CHECK_IN, target);
    }

    private Uni<Integer> askAll(int sofar) {
        return Panache.withTransaction(() -> askBatch(clock.instant()))
                .invoke(asked -> metrics.contactsAsked(asked.stream().mapToInt(Integer::intValue).sum()))
                .map(List::size)
                .chain(handled -> handled >= config.batchSize()
                        ? askAll(sofar + handled)
                        : Uni.createFrom().item(sofar + handled));
    }

    /**
     * One transaction: lock a batch of switches whose grace has begun, record in one statement which
     * accepted contacts are asked (those not asked about this deadline yet), queue their messages and
     * clear {@code ask_contacts_at}, one statement each. One item per switch handled: how many of its
     * contacts were asked.
     */
    private Uni<List<Integer>> askBatch(Instant now) {
        return checkIns.lockDueAsks(now, config.batchSize())
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<Integer>of())
                        : checkIns.recordAsks(ids, now)
                                .chain(asked -> asked.isEmpty()
                                        ? Uni.createFrom().item(List.<TrustedContact>of())
                                        : contacts.list("id in ?1 order by createdAt", asked))
                                .chain(toAsk -> checkIns.readOnly(ids)
                                        .chain(locked -> users.contactsOf(ids)
                                                .chain(owners -> {
                                                    Map<UUID, List<TrustedContact>> toAskOf =
                                                            byUser(toAsk, contact -> contact.userId);
                                                    OutboxBatch out = notifications.batch();
                                                    List<Integer> counts = new ArrayList<>(locked.size());
                                                    for (CheckIn checkIn : locked) {
                                                        counts.add(ask(out, checkIn, owners.get(checkIn.userId),
                                                                toAskOf.getOrDefault(checkIn.userId, List.of())));
                                                    }
                                                    return checkIns.asked(ids)
                                                            .chain(out::write)
                                                            .replaceWith(counts);
                                                }))));
    }

    /** Queues into {@code out} the messages to the contacts just recorded as asked about the switch's deadline; how many. */
    private int ask(OutboxBatch out, CheckIn checkIn, UserContact owner, List<TrustedContact> toAsk) {
        if (owner == null) {
            return 0;
        }
        for (TrustedContact contact : toAsk) {
            messages.askToCheckOn(out, contact, owner, checkIn);
        }
        return toAsk.size();
    }

    private Uni<Integer> releaseAll(int sofar) {
        Instant now = clock.instant();
        return Panache.withSession(() -> checkIns.dueReleases(now, config.batchSize()))
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(sofar)
                        : Panache.withTransaction(() -> releaseBatch(ids, now))
                                .invoke(released -> released.forEach(ignored -> metrics.released()))
                                .map(Set::size)
                                .onFailure().recoverWithUni(failure -> {
                                    // One account's failure must not hold back the others: each in its own
                                    // transaction then, and a failing one is left for the next scan.
                                    LOG.warnf("A batch of %d releases failed (%s); releasing them one at a time",
                                            ids.size(), failure.getMessage());
                                    return releaseEach(ids, now);
                                })
                                .chain(released -> {
                                    // A full batch means more may be due. Switches another scanner holds count
                                    // as not released here; stopping on those would leave the rest of the
                                    // backlog to the next scan. Going on while this round released anything
                                    // keeps going until it is done.
                                    boolean more = ids.size() >= config.batchSize() && released > 0;
                                    return more ? releaseAll(sofar + released) : Uni.createFrom().item(sofar + released);
                                }));
    }

    /**
     * One transaction for a batch of due switches: locks the accounts and switches nobody else holds
     * (account first, the order of a user's own pause), stands down the switches whose account is not
     * active, and releases the rest with one statement per table: account status, switch, the contacts'
     * final messages and the webhooks (one outbox insert), their sessions and their events. The users
     * released.
     */
    private Uni<Set<UUID>> releaseBatch(List<UUID> ids, Instant now) {
        return accounts.lockFree(ids)
                .chain(held -> checkIns.lockDueReleases(held.keySet(), now)
                        .chain(due -> {
                            Set<UUID> active = due.stream()
                                    .filter(userId -> held.get(userId).status() == AccountStatus.ACTIVE)
                                    .collect(Collectors.toSet());
                            List<UUID> standDown = due.stream().filter(userId -> !active.contains(userId)).toList();
                            return checkIns.standDown(standDown)
                                    .chain(() -> accounts.releaseAll(active, RELEASE_REASON))
                                    .chain(released -> announceAll(released, held, now).replaceWith(released));
                        }));
    }

    private Uni<Void> announceAll(Set<UUID> released, Map<UUID, AccountService.Held> held, Instant now) {
        if (released.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = List.copyOf(released);
        return checkIns.readOnly(ids)
                .chain(switches -> users.contactsOf(ids)
                        .chain(owners -> contacts.list("userId in ?1 and consent = ?2 order by createdAt", ids,
                                        TrustedContact.ACCEPTED)
                                .chain(accepted -> {
                                    Map<UUID, List<TrustedContact>> contactsOf = byUser(accepted, contact -> contact.userId);
                                    OutboxBatch out = notifications.batch();
                                    List<SecurityEvent> announced = new ArrayList<>(switches.size());
                                    List<Uni<Void>> queued = new ArrayList<>();
                                    for (CheckIn checkIn : switches) {
                                        markReleased(checkIn, now);
                                        UserContact owner = owners.get(checkIn.userId);
                                        for (TrustedContact contact : contactsOf.getOrDefault(checkIn.userId, List.of())) {
                                            queued.add(messages.release(out, contact, owner));
                                        }
                                        queued.add(webhooks(out, owner, held.get(checkIn.userId).accountId(), checkIn, now));
                                        announced.add(releasedEvent(checkIn));
                                    }
                                    // Subscribed one after the other: a queued message may be a chain, not
                                    // yet in the batch until it runs.
                                    return Multi.createFrom().iterable(queued)
                                            .onItem().transformToUniAndConcatenate(message -> message)
                                            .collect().asList()
                                            .chain(() -> checkIns.released(ids, now))
                                            .chain(out::write)
                                            .chain(() -> sessions.revokeAllOf(ids, RevokeReason.RELEASED))
                                            .chain(() -> events.recordAll(announced));
                                })));
    }

    /** Releases each account in a transaction of its own; how many were released. */
    private Uni<Integer> releaseEach(List<UUID> ids, Instant now) {
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(userId -> releaseOne(userId, now)
                        .onFailure().invoke(failure -> LOG.warnf("Could not release the account of user %s (%s);"
                                + " the next scan retries", userId, failure.getMessage()))
                        .onFailure().recoverWithItem(false))
                .collect().asList()
                .map(outcomes -> (int) outcomes.stream().filter(Boolean::booleanValue).count());
    }

    private static void markReleased(CheckIn checkIn, Instant now) {
        checkIn.releasedAt = now;
        checkIn.nextReminderAt = null;
        checkIn.askContactsAt = null;
        checkIn.updatedAt = now;
    }

    private static SecurityEvent releasedEvent(CheckIn checkIn) {
        return SecurityEvent.of(SecurityEventType.ACCOUNT_RELEASED, checkIn.userId, ClientInfo.NONE)
                .by(null)
                .with("last_check_in_at", checkIn.lastCheckInAt == null ? null : checkIn.lastCheckInAt.toString());
    }

    /**
     * Releases one account if it is still due and no other instance holds it; true when released. The
     * account's row is locked before the switch's, the order in which a user's own pause locks them.
     */
    Uni<Boolean> releaseOne(UUID userId, Instant now) {
        return Panache.withTransaction(() -> accounts.lockStatus(userId)
                .chain(() -> checkIns.lockDueRelease(userId, now))
                .chain(due -> due ? release(userId, now) : Uni.createFrom().item(false)))
                .invoke(released -> {
                    if (released) {
                        metrics.released();
                    }
                });
    }

    private Uni<Boolean> release(UUID userId, Instant now) {
        return checkIns.findById(userId)
                .chain(checkIn -> accounts.release(userId, RELEASE_REASON)
                        .chain(released -> {
                            if (!released) {
                                // The account is not active (cancelled, or paused without our hook): stand down.
                                checkIn.suspended = true;
                                checkIn.nextReminderAt = null;
                                checkIn.askContactsAt = null;
                                return Uni.createFrom().item(false);
                            }
                            markReleased(checkIn, now);
                            return announce(checkIn, now)
                                    .replaceWith(true);
                        }));
    }

    private Uni<Void> announce(CheckIn checkIn, Instant now) {
        UUID userId = checkIn.userId;
        return users.contactOf(userId)
                .chain(user -> contacts.list("userId = ?1 and consent = ?2 order by createdAt", userId,
                                TrustedContact.ACCEPTED)
                        .chain(list -> Multi.createFrom().iterable(list)
                                .onItem().transformToUniAndConcatenate(contact -> messages.release(notifications, contact, user))
                                .collect().asList())
                        .chain(() -> accounts.accountIdOf(userId))
                        .chain(accountId -> webhooks(notifications, user, accountId, checkIn, now)))
                .chain(() -> sessions.revokeAll(userId, null, RevokeReason.RELEASED))
                .chain(() -> events.record(releasedEvent(checkIn)));
    }

    /** Queues the release webhook (when one is configured) and the admin announcement into {@code out}. */
    private Uni<Void> webhooks(Outbox out, UserContact user, UUID accountId, CheckIn checkIn, Instant now) {
        Uni<Void> releaseHook = release.webhookUrl().isPresent()
                ? out.queueWebhook(release.webhookUrl().get(), WebhookSecret.RELEASE, ReleaseAnnouncement.TYPE,
                        ReleaseAnnouncement.body(user, accountId, checkIn, now))
                : Uni.createFrom().voidItem();
        String summary = "Account of user " + (user == null ? checkIn.userId : user.username())
                + " was released after a missed check-in";
        return releaseHook
                .chain(() -> adminWebhook.announce(out, ReleaseAnnouncement.TYPE, summary,
                        ReleaseAnnouncement.data(user, accountId, checkIn, now)));
    }
}
