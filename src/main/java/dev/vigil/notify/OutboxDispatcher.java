package dev.vigil.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.common.db.BackgroundRounds;
import dev.vigil.common.db.ChannelListener;
import dev.vigil.common.db.ListenerConnections;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.sms.SmsSender;
import dev.vigil.notify.webhook.WebhookSender;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Delivers the outbox. A NOTIFY from the insert trigger wakes it as soon as new messages commit; the
 * poll ({@code vigil.outbox.poll-every}) only covers a lost notification or a dead listener. Each
 * round claims a batch (leased, see {@link OutboxQueue}), sends up to {@link #PARALLEL_SENDS} at a
 * time, and marks each message sent or schedules its retry with exponential backoff and jitter; a
 * message that keeps failing ends {@code dead}. Delivery is at least once: a crash between sending
 * and marking leaves the message to be sent again after its lease, with the same Message-ID.
 */
@ApplicationScoped
public class OutboxDispatcher {

    static final String CHANNEL = "vigil_outbox";
    static final int PARALLEL_SENDS = 16;
    static final String RECOVERY_PAGE = "/forgot-password";
    /** Notices telling of a change the reader may not have made; they link to {@link #RECOVERY_PAGE}. */
    static final Set<MailTemplate> SECURITY_NOTICES = EnumSet.of(MailTemplate.REGISTRATION_ATTEMPT,
            MailTemplate.EMAIL_CHANGE_REQUESTED, MailTemplate.PROFILE_CHANGED, MailTemplate.PASSWORD_CHANGED,
            MailTemplate.PASSWORD_RESET_DONE, MailTemplate.ADMIN_PIN_LOCKED);
    /** At shutdown, how long sends already under way may take to finish before the rest is given back. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);
    private static final int RELEASE_TIMEOUT_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    /** The admin webhook event for a message that was given up. */
    static final String DEAD_EVENT = "outbox.dead";

    private final OutboxQueue queue;
    private final MailRenderer renderer;
    private final ReactiveMailer mailer;
    private final SmsSender sms;
    private final WebhookSender webhooks;
    private final ObjectMapper json;
    private final OneTimeTokens tokens;
    private final OutboxConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ListenerConnections connections;
    private final String publicUrl;
    private final String frontendUrl;
    private final String messageIdDomain;
    private final OutboxMetrics metrics;
    private final AdminWebhook adminWebhook;
    private final Map<String, OutboxJob> jobs;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Messages this instance claimed and has not yet marked sent or failed; given back at shutdown. */
    private final Set<UUID> claimed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sending = new AtomicInteger();
    /** Signalled when the last send under way finishes, for the shutdown wait. */
    private final Object sendsFinished = new Object();
    private volatile boolean stopping;
    private volatile boolean wakeAgain;
    private ChannelListener listener;

    public OutboxDispatcher(OutboxQueue queue, MailRenderer renderer, ReactiveMailer mailer, SmsSender sms,
            WebhookSender webhooks, ObjectMapper json, OneTimeTokens tokens,
            OutboxConfig config, Clock clock, Vertx vertx, ListenerConnections connections, OutboxMetrics metrics,
            AdminWebhook adminWebhook, @Any Instance<OutboxJob> jobs,
            @ConfigProperty(name = "vigil.public-url", defaultValue = "http://localhost:8080") String publicUrl,
            @ConfigProperty(name = "vigil.frontend-url", defaultValue = "http://localhost:8080") String frontendUrl) {
        this.queue = queue;
        this.jobs = jobs.stream().collect(Collectors.toUnmodifiableMap(OutboxJob::name, job -> job));
        this.renderer = renderer;
        this.mailer = mailer;
        this.sms = sms;
        this.webhooks = webhooks;
        this.json = json;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.connections = connections;
        this.metrics = metrics;
        this.adminWebhook = adminWebhook;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.frontendUrl = frontendUrl.replaceAll("/+$", "");
        this.messageIdDomain = URI.create(this.publicUrl).getHost();
    }

    void onStart(@Observes StartupEvent event) {
        listener = new ChannelListener(vertx, connections.forListener("vigil-outbox-listener"), CHANNEL,
                payload -> wake(), this::wake, () -> { });
        listener.start();
    }

    /**
     * Stops claiming, lets sends under way finish for up to {@link #SHUTDOWN_WAIT}, then gives every
     * message this instance still holds back to the queue, so another instance (or this one after a
     * restart) sends it at once instead of after its lease. Runs on the shutdown thread, not the event loop.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (listener != null) {
            listener.close();
        }
        waitForSends();
        releaseClaimed();
    }

    /** Gives back what this instance claimed and did not finish; the number of messages released. */
    int releaseClaimed() {
        Set<UUID> unfinished = Set.copyOf(claimed);
        if (unfinished.isEmpty()) {
            return 0;
        }
        try {
            int released = queue.releaseBlocking(unfinished, clock.instant(), RELEASE_TIMEOUT_SECONDS);
            claimed.removeAll(unfinished);
            LOG.infof("Released %d claimed outbox messages", released);
            return released;
        } catch (RuntimeException e) {
            LOG.warnf("Could not release %d claimed outbox messages; they are sent again after their lease",
                    unfinished.size());
            return 0;
        }
    }

    /** Remembers messages as claimed by this instance (a claim made elsewhere, in tests). */
    void track(Collection<UUID> ids) {
        claimed.addAll(ids);
    }

    /** Runs on the shutdown thread, never on an event loop: waits (boundedly) for sends under way. */
    private void waitForSends() {
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        synchronized (sendsFinished) {
            long remaining;
            while (sending.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    sendsFinished.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Scheduled(every = "${vigil.outbox.poll-every:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeSent() {
        return BackgroundRounds.retriedNextRound(queue.purgeSentBefore(clock.instant().minus(config.retention()))
                .invoke(purged -> LOG.debugf("Purged %d sent outbox messages", purged)), LOG, "Purging sent outbox messages");
    }

    /** Starts a drain, or asks the running one to go round once more. Never blocks the caller. */
    public void wake() {
        if (stopping) {
            return;
        }
        wakeAgain = true;
        if (draining.compareAndSet(false, true)) {
            // A fresh duplicated context, flagged safe: Hibernate Reactive (token minting) requires one.
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> drain()
                    .subscribe().with(done -> finished(), failure -> {
                        LOG.warnf("Outbox round failed (%s); the next wake-up or poll retries", failure.getMessage());
                        finished();
                    }));
        }
    }

    private void finished() {
        draining.set(false);
        if (wakeAgain) {
            wake();
        }
    }

    Uni<Void> drain() {
        wakeAgain = false;
        Instant now = clock.instant();
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return queue.claim(now, config.batchSize(), now.plus(config.lease()))
                .invoke(batch -> batch.forEach(message -> claimed.add(message.id())))
                .chain(this::deliverAll)
                .chain(claimed -> claimed >= config.batchSize() || wakeAgain ? drain() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> deliverAll(List<OutboxQueue.Claimed> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUni(this::deliver).merge(PARALLEL_SENDS)
                .collect().asList()
                // Count the claimed batch: deliver() emits null items, which a Multi does not carry.
                .replaceWith(batch.size());
    }

    private Uni<Void> deliver(OutboxQueue.Claimed message) {
        if (stopping) {
            return Uni.createFrom().voidItem(); // left claimed: released at shutdown
        }
        sending.incrementAndGet();
        return Uni.createFrom().deferred(() -> send(message))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    Instant now = clock.instant();
                    if (failure == null) {
                        metrics.sent(message.kind());
                        return queue.markSent(message.id(), now);
                    }
                    metrics.failed(message.kind());
                    Instant retryAt = retryAt(message.attempts(), now);
                    LOG.warnf("Outbox message %s (%s %s to %s) failed on attempt %d%s: %s", message.id(), message.kind(),
                            message.template(), DeliveryFailures.recipient(message.kind(), message.recipient()),
                            message.attempts(), retryAt == null ? ", giving up" : "", DeliveryFailures.reason(failure));
                    if (retryAt == null && announcesDeath(message)) {
                        Map<String, Object> data = Map.of("message_id", message.id().toString(), "kind", message.kind(),
                                "template", message.template(), "attempts", message.attempts());
                        String summary = "Outbox message " + message.id() + " (" + message.kind() + ", " + message.template()
                                + ") was given up after " + message.attempts() + " attempts";
                        Map<String, Object> payload = Map.of(NotificationService.WEBHOOK_BODY,
                                adminWebhook.body(DEAD_EVENT, summary, data),
                                NotificationService.WEBHOOK_SECRET, WebhookSecret.ADMIN.name());
                        return queue.markDeadAndAnnounce(message.id(), failure.getMessage(), now, adminWebhook.url().get(), payload);
                    }
                    return queue.markFailed(message.id(), retryAt, failure.getMessage(), now);
                })
                .onFailure().recoverWithUni(failure -> {
                    // Marking failed: the lease runs out and the message is sent again; at least once.
                    LOG.warnf("Could not record the outcome of outbox message %s", message.id());
                    return Uni.createFrom().voidItem();
                })
                .onTermination().invoke(() -> finishedSending(message));
    }

    /** Dead messages are announced to the admin webhook, except the admin webhook's own calls. */
    private boolean announcesDeath(OutboxQueue.Claimed message) {
        return adminWebhook.url().isPresent()
                && !WebhookSecret.ADMIN.name().equals(message.payload().get(NotificationService.WEBHOOK_SECRET));
    }

    private void finishedSending(OutboxQueue.Claimed message) {
        claimed.remove(message.id());
        if (sending.decrementAndGet() == 0) {
            synchronized (sendsFinished) {
                sendsFinished.notifyAll();
            }
        }
    }

    private Uni<Void> send(OutboxQueue.Claimed message) {
        return switch (message.kind()) {
            case NotificationService.KIND_MAIL -> sendMail(message);
            case NotificationService.KIND_SMS -> sendSms(message);
            case NotificationService.KIND_WEBHOOK -> sendWebhook(message);
            case NotificationService.KIND_JOB -> runJob(message);
            default -> Uni.createFrom().failure(new IllegalStateException("No sender for " + message.kind()));
        };
    }

    private Uni<Void> sendMail(OutboxQueue.Claimed message) {
        MailTemplate template = MailTemplate.byKey(message.template()).orElse(null);
        if (template == null) {
            return Uni.createFrom().failure(new IllegalStateException("Unknown mail template " + message.template()));
        }
        return link(message)
                .map(link -> renderer.render(template, message.payload(), link))
                .chain(rendered -> mailer.send(Mail.withHtml(message.recipient(), rendered.subject(), rendered.html())
                        .setText(rendered.text())
                        .addHeader("Message-ID", "<" + message.idempotencyKey() + "@" + messageIdDomain + ">")));
    }

    private Uni<Void> sendSms(OutboxQueue.Claimed message) {
        String text = String.valueOf(message.payload().get(NotificationService.SMS_TEXT));
        return link(message)
                .chain(link -> sms.send(message.recipient(), link == null ? text : text + " " + link, message.idempotencyKey()));
    }

    /** Runs a queued {@link OutboxJob} on a context of its own (it opens its own database session). */
    private Uni<Void> runJob(OutboxQueue.Claimed message) {
        OutboxJob job = jobs.get(message.template());
        if (job == null) {
            return Uni.createFrom().failure(new IllegalStateException("No job named " + message.template()));
        }
        return onOwnContext(() -> job.run(message.payload()));
    }

    /** Signed with the named secret from configuration; the body is sent exactly as serialised here. */
    private Uni<Void> sendWebhook(OutboxQueue.Claimed message) {
        WebhookSecret secretName = WebhookSecret.valueOf(String.valueOf(message.payload().get(NotificationService.WEBHOOK_SECRET)));
        String secret = ConfigProvider.getConfig().getOptionalValue(secretName.configKey(), String.class).orElse(null);
        if (secret == null) {
            return Uni.createFrom().failure(new IllegalStateException(secretName.configKey() + " is not configured"));
        }
        try {
            String body = json.writeValueAsString(message.payload().get(NotificationService.WEBHOOK_BODY));
            return webhooks.send(message.recipient(), secret, message.idempotencyKey(), clock.instant(), body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("Unwritable webhook body", e));
        }
    }

    /**
     * Mints the message's one-time link now, so its lifetime starts when the mail goes out. Security
     * notices without a token link to the page where the reader can take the account back.
     */
    private Uni<String> link(OutboxQueue.Claimed message) {
        Map<String, Object> payload = message.payload();
        Object purpose = payload.get(NotificationService.LINK_PURPOSE);
        if (purpose == null) {
            boolean notice = MailTemplate.byKey(message.template()).filter(SECURITY_NOTICES::contains).isPresent();
            return Uni.createFrom().item(notice ? publicUrl + RECOVERY_PAGE : null);
        }
        TokenPurpose tokenPurpose = TokenPurpose.fromWire(purpose.toString());
        Object target = payload.get(NotificationService.LINK_TARGET);
        return onOwnContext(() -> tokens.issue(tokenPurpose, message.userId(), target == null ? null : target.toString()))
                .map(token -> (tokenPurpose.frontend() ? frontendUrl : publicUrl) + tokenPurpose.path() + "?token=" + token);
    }

    /**
     * Runs {@code work} on a duplicated context of its own. Sends of one batch run in parallel, and
     * Hibernate Reactive keeps one session per context: sharing the batch's context would let
     * parallel token mintings use one session at once.
     */
    private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(own, true);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(ignored -> work.get()
                .subscribe().with(emitter::complete, emitter::fail)));
    }

    /** Exponential backoff with jitter; null once the attempts are used up. */
    Instant retryAt(int attempts, Instant now) {
        if (attempts >= config.maxAttempts()) {
            return null;
        }
        long base = config.retryDelay().toMillis();
        long delay = Math.min(config.maxRetryDelay().toMillis(), base << Math.min(attempts - 1, 30));
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        return now.plus(Duration.ofMillis(jittered));
    }
}
