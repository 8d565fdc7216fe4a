package dev.vigil.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Releases: each due switch is released in a transaction of its own, together with every message
 * it causes (trusted contacts, release and admin webhooks), the revocation of all sessions and the
 * {@code account.released} event.
 */
@ApplicationScoped
public class CheckInScanner {

    static final String RELEASE_REASON = "Released after a missed check-in";
    private static final Logger LOG = Logger.getLogger(CheckInScanner.class);
    private static final DateTimeFormatter DUE_FORMAT = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz");

    private final CheckInRepository checkIns;
    private final CheckInReminderRepository reminders;
    private final TrustedContactRepository contacts;
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
            TrustedContactRepository contacts, CheckInService service, AccountService accounts, UserService users,
            NotificationService notifications, AdminWebhook adminWebhook, SessionService sessions,
            SecurityEvents events, CheckInConfig config, ReleaseConfig release, Clock clock, Vertx vertx,
            CheckInMetrics metrics) {
        this.checkIns = checkIns;
        this.reminders = reminders;
        this.contacts = contacts;
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

    /** What one scan did. */
    public record ScanResult(int reminders, int releases) {
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

    /** One scan: every due reminder, then every due release. Runs on a Vert.x context; never blocks. */
    public Uni<ScanResult> scan() {
        long started = System.nanoTime();
        return remindAll(0)
                .chain(sent -> releaseAll(0)
                        .map(released -> new ScanResult(sent, released)))
                .invoke(result -> {
                    if (result.reminders() > 0 || result.releases() > 0) {
                        LOG.infof("Check-in scan queued %d reminders and released %d accounts in %d ms",
                                result.reminders(), result.releases(), Duration.ofNanos(System.nanoTime() - started).toMillis());
                    }
                });
    }

    private Uni<Integer> remindAll(int sofar) {
        return Panache.withTransaction(() -> remindBatch(clock.instant()))
                .invoke(channels -> channels.stream().filter(channel -> !channel.isEmpty()).forEach(metrics::reminderQueued))
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
                                                .chain(handled -> Multi.createFrom().iterable(locked)
                                                        .onItem().transformToUniAndConcatenate(checkIn -> remind(checkIn,
                                                                contactsById.get(checkIn.userId),
                                                                handledOffsets(handled, checkIn), now))
                                                        .collect().asList()))));
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
    private Uni<String> remind(CheckIn checkIn, UserContact contact, Set<Duration> handled, Instant now) {
        ReminderSchedule.Step step = ReminderSchedule.step(service.plan(checkIn, contact), handled, now);
        checkIn.nextReminderAt = step.next();
        if (step.send() == null || contact == null) {
            return Uni.createFrom().item("");
        }
        String channel = CheckInService.channel(contact);
        List<CheckInReminder> rows = new ArrayList<>();
        for (ReminderSchedule.Planned passed : step.passedOver()) {
            rows.add(reminderRow(checkIn, passed, channel, null, now));
        }
        rows.add(reminderRow(checkIn, step.send(), channel, now, null));
        if (!step.passedOver().isEmpty()) {
            LOG.infof("Check-in reminders of user %s came due together (the scan was not running); sent the latest,"
                    + " passed over %d", checkIn.userId, step.passedOver().size());
        }
        return reminders.persist(rows)
                .chain(() -> queueReminder(checkIn, contact, channel))
                .replaceWith(channel);
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

    private Uni<Void> queueReminder(CheckIn checkIn, UserContact contact, String channel) {
        String target = String.valueOf(checkIn.deadlineNo);
        String dueAt = checkIn.nextDueAt.atZone(ReminderSchedule.zone(contact.timezone())).format(DUE_FORMAT);
        if (CheckInService.CHANNEL_SMS.equals(channel)) {
            return notifications.queueSms(checkIn.userId, contact.phone(),
                    "Vigil: please check in by " + dueAt + ".", TokenPurpose.CHECK_IN, target);
        }
        Map<String, Object> facts = new HashMap<>();
        facts.put("username", contact.username());
        facts.put("due_at", dueAt);
        return notifications.queueMailWithLink(MailTemplate.CHECK_IN_REMINDER, checkIn.userId, contact.email(), facts,
                TokenPurpose.CHECK_IN, target);
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
                                return Uni.createFrom().item(false);
                            }
                            checkIn.releasedAt = now;
                            checkIn.nextReminderAt = null;
                            checkIn.updatedAt = now;
                            return announce(checkIn, now)
                                    .replaceWith(true);
                        }));
    }

    private Uni<Void> announce(CheckIn checkIn, Instant now) {
        UUID userId = checkIn.userId;
        return users.contactOf(userId)
                .chain(user -> contacts.list("userId = ?1 order by createdAt", userId)
                        .chain(list -> Multi.createFrom().iterable(list)
                                .onItem().transformToUniAndConcatenate(contact -> tell(contact, user))
                                .collect().asList())
                        .chain(() -> accounts.accountIdOf(userId))
                        .chain(accountId -> webhooks(user, accountId, checkIn, now)))
                .chain(() -> sessions.revokeAll(userId, null, RevokeReason.RELEASED))
                .chain(() -> events.record(SecurityEvent.of(SecurityEventType.ACCOUNT_RELEASED, userId, ClientInfo.NONE)
                        .by(null)
                        .with("last_check_in_at", checkIn.lastCheckInAt == null ? null : checkIn.lastCheckInAt.toString())));
    }

    private Uni<Void> tell(TrustedContact contact, UserContact user) {
        String from = user == null ? null : Optional.ofNullable(user.displayName()).orElse(user.username());
        if (contact.email != null) {
            Map<String, Object> facts = new HashMap<>();
            facts.put("contact_name", contact.name);
            facts.put("display_name", from);
            facts.put("message", contact.message);
            return notifications.queueMail(MailTemplate.TRUSTED_CONTACT_RELEASE, contact.userId, contact.email, facts);
        }
        String text = (from == null ? "A Vigil user" : from) + " missed their Vigil check-in and asked us to tell you."
                + (contact.message == null ? "" : " Their message: " + contact.message);
        return notifications.queueSms(contact.userId, contact.phone, text, null);
    }

    private Uni<Void> webhooks(UserContact user, UUID accountId, CheckIn checkIn, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", checkIn.userId.toString());
        data.put("username", user == null ? null : user.username());
        data.put("account_id", accountId == null ? null : accountId.toString());
        data.put("released_at", now.toString());
        data.put("last_check_in_at", checkIn.lastCheckInAt == null ? null : checkIn.lastCheckInAt.toString());
        Uni<Void> releaseHook = Uni.createFrom().voidItem();
        if (release.webhookUrl().isPresent()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "account.released");
            body.put("timestamp", now.toString());
            body.put("data", data);
            releaseHook = notifications.queueWebhook(release.webhookUrl().get(), WebhookSecret.RELEASE,
                    "account.released", body);
        }
        String summary = "Account of user " + (user == null ? checkIn.userId : user.username())
                + " was released after a missed check-in";
        return releaseHook
                .chain(() -> adminWebhook.announce("account.released", summary, data));
    }
}
