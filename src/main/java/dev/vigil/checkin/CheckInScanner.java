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
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.account.AccountService;
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
     * One item per switch handled: the channel of the reminder queued, or empty when none was due.
     */
    private Uni<List<String>> remindBatch(Instant now) {
        return checkIns.lockDueReminders(now, config.batchSize())
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : checkIns.list("userId in ?1", ids)
                                .chain(locked -> users.contactsOf(ids)
                                        .chain(contactsById -> reminders.list("userId in ?1", ids)
                                                .chain(handled -> contacts.list("userId in ?1", ids)
                                                        .chain(trusted -> Multi.createFrom().iterable(locked)
                                                                .onItem().transformToUniAndConcatenate(checkIn -> remind(
                                                                        checkIn, contactsById.get(checkIn.userId),
                                                                        handledOffsets(handled, checkIn),
                                                                        ofUser(trusted, checkIn.userId), now))
                                                                .collect().asList())))));
    }

    private static List<TrustedContact> ofUser(List<TrustedContact> trusted, UUID userId) {
        return trusted.stream().filter(contact -> contact.userId.equals(userId)).toList();
    }

    /** The offsets of the switch's current deadline that were already sent or passed over. */
    private static Set<Duration> handledOffsets(List<CheckInReminder> handled, CheckIn checkIn) {
        return handled.stream()
                .filter(r -> r.userId.equals(checkIn.userId) && r.deadlineNo == checkIn.deadlineNo)
                .map(r -> Duration.ofSeconds(r.offsetSeconds))
                .collect(Collectors.toSet());
    }

    /**
     * Queues the latest reminder that has come and records the earlier ones that came with it as passed
     * over; its channel, or empty when nothing was sent (a Multi carries no null items).
     */
    private Uni<String> remind(CheckIn checkIn, UserContact contact, Set<Duration> handled,
            List<TrustedContact> trusted, Instant now) {
        List<ReminderSchedule.Planned> plan = service.plan(checkIn, contact);
        ReminderSchedule.Step step = ReminderSchedule.step(plan, handled, now);
        checkIn.nextReminderAt = step.next();
        if (step.send() == null || contact == null) {
            return Uni.createFrom().item("");
        }
        String channel = CheckInService.channel(contact);
        List<String> channels = CheckInService.channels(contact,
                ReminderSchedule.escalates(plan, step.send(), checkIn.nextDueAt));
        List<CheckInReminder> rows = new ArrayList<>();
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
        return reminders.persist(rows)
                .chain(() -> Multi.createFrom().iterable(channels)
                        .onItem().transformToUniAndConcatenate(one -> queueReminder(reminder, one))
                        .collect().asList())
                .replaceWith(String.join("+", channels));
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

    private Uni<Void> queueReminder(Reminder reminder, String channel) {
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
            return notifications.queueSms(checkIn.userId, contact.phone(), text, TokenPurpose.CHECK_IN, target);
        }
        Map<String, Object> facts = new HashMap<>();
        facts.put("username", contact.username());
        facts.put("due_at", dueAt);
        facts.put("in_grace", reminder.inGrace());
        facts.put("release_at", releaseAt);
        facts.put("pending_contacts", reminder.pendingContacts());
        facts.put("declined_contacts", reminder.declinedContacts());
        return notifications.queueMailWithLink(MailTemplate.CHECK_IN_REMINDER, checkIn.userId, contact.email(), facts,
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
     * clear {@code ask_contacts_at}. One item per switch handled: how many of its contacts were asked.
     */
    private Uni<List<Integer>> askBatch(Instant now) {
        return checkIns.lockDueAsks(now, config.batchSize())
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<Integer>of())
                        : checkIns.recordAsks(ids, now)
                                .chain(asked -> asked.isEmpty()
                                        ? Uni.createFrom().item(List.<TrustedContact>of())
                                        : contacts.list("id in ?1 order by createdAt", asked))
                                .chain(toAsk -> checkIns.list("userId in ?1", ids)
                                        .chain(locked -> users.contactsOf(ids)
                                                .chain(owners -> Multi.createFrom().iterable(locked)
                                                        .onItem().transformToUniAndConcatenate(checkIn -> ask(checkIn,
                                                                owners.get(checkIn.userId),
                                                                ofUser(toAsk, checkIn.userId)))
                                                        .collect().asList()))));
    }

    /** Queues the messages to the contacts just recorded as asked about the switch's deadline; how many. */
    private Uni<Integer> ask(CheckIn checkIn, UserContact owner, List<TrustedContact> toAsk) {
        checkIn.askContactsAt = null;
        if (owner == null || toAsk.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(toAsk)
                // replaceWith: a Multi carries no null items, and a queued message is a Uni<Void>.
                .onItem().transformToUniAndConcatenate(contact -> messages.askToCheckOn(contact, owner, checkIn)
                        .replaceWith(contact.id))
                .collect().asList()
                .map(List::size);
    }

    private Uni<Integer> releaseAll(int sofar) {
        Instant now = clock.instant();
        return Panache.withSession(() -> checkIns.dueReleases(now, config.batchSize()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(userId -> releaseOne(userId, now)
                                .onFailure().invoke(failure -> LOG.warnf("Could not release the account of user %s (%s);"
                                        + " the next scan retries", userId, failure.getMessage()))
                                .onFailure().recoverWithItem(false))
                        .collect().asList()
                        .chain(outcomes -> {
                            int released = (int) outcomes.stream().filter(Boolean::booleanValue).count();
                            // A full batch means more may be due. Switches another scanner holds count as not
                            // released here; stopping on those would leave the rest of the backlog to the next
                            // scan. Going on while this round released anything keeps going until it is done.
                            boolean more = ids.size() >= config.batchSize() && released > 0;
                            return more ? releaseAll(sofar + released) : Uni.createFrom().item(sofar + released);
                        }));
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
                            checkIn.releasedAt = now;
                            checkIn.nextReminderAt = null;
                            checkIn.askContactsAt = null;
                            checkIn.updatedAt = now;
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
                                .onItem().transformToUniAndConcatenate(contact -> messages.release(contact, user))
                                .collect().asList())
                        .chain(() -> accounts.accountIdOf(userId))
                        .chain(accountId -> webhooks(user, accountId, checkIn, now)))
                .chain(() -> sessions.revokeAll(userId, null, RevokeReason.RELEASED))
                .chain(() -> events.record(SecurityEvent.of(SecurityEventType.ACCOUNT_RELEASED, userId, ClientInfo.NONE)
                        .by(null)
                        .with("last_check_in_at", checkIn.lastCheckInAt == null ? null : checkIn.lastCheckInAt.toString())));
    }

    private Uni<Void> webhooks(UserContact user, UUID accountId, CheckIn checkIn, Instant now) {
        Uni<Void> releaseHook = release.webhookUrl().isPresent()
                ? notifications.queueWebhook(release.webhookUrl().get(), WebhookSecret.RELEASE, ReleaseAnnouncement.TYPE,
                        ReleaseAnnouncement.body(user, accountId, checkIn, now))
                : Uni.createFrom().voidItem();
        String summary = "Account of user " + (user == null ? checkIn.userId : user.username())
                + " was released after a missed check-in";
        return releaseHook
                .chain(() -> adminWebhook.announce(ReleaseAnnouncement.TYPE, summary,
                        ReleaseAnnouncement.data(user, accountId, checkIn, now)));
    }
}
