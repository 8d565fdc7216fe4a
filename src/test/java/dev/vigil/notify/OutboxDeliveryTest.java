package dev.vigil.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.vigil.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.notify.sms.SmsSender;
import dev.vigil.notify.webhook.WebhookSender;
import dev.vigil.support.Api;
import dev.vigil.support.Db;
import dev.vigil.support.GreenMailResource;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import dev.vigil.support.WebhookSecretsResource;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.Vertx;

/**
 * The outbox against real receivers: GreenMail for SMTP, WireMock for webhooks. Messages are put
 * in the table the way a committing change does (a plain INSERT, which also fires the wake-up).
 */
@QuarkusTest
class OutboxDeliveryTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;
    @Inject
    MutableClock clock;
    @Inject
    OutboxDispatcher dispatcher;
    @Inject
    OutboxQueue queue;
    @Inject
    MailRenderer renderer;
    @Inject
    ReactiveMailer mailer;
    @Inject
    SmsSender sms;
    @Inject
    WebhookSender webhooks;
    @Inject
    ObjectMapper json;
    @Inject
    OneTimeTokens tokens;
    @Inject
    OutboxConfig config;
    @Inject
    Vertx vertx;
    @Inject
    OutboxAdminService admin;
    @Inject
    dev.vigil.common.db.ListenerConnections connections;
    @Inject
    OutboxMetrics metrics;

    @Inject
    AdminWebhook adminWebhook;
    @Inject
    @Any
    Instance<OutboxJob> jobs;

    @AfterEach
    void restore() {
        clock.reset();
        if (!GreenMailResource.server().isRunning()) {
            GreenMailResource.server().start();
        }
    }

    @Test
    void mailQueuedWhileSmtpIsDownIsAllDeliveredOnceItIsBack() {
        GreenMailResource.server().stop();
        List<String> recipients = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String recipient = "outage-" + UUID.randomUUID() + "@example.org";
            recipients.add(recipient);
            ids.add(insertMail(recipient));
        }
        // attempts counts claims; back to pending with an attempt spent means the send failed and waits for a retry.
        eventually("every message failed once and waits for a retry", LONG,
                () -> ids.stream().allMatch(id -> attempts(id) >= 1 && "pending".equals(status(id))));

        GreenMailResource.server().start();
        clock.advance(Duration.ofHours(2)); // past any backoff
        dispatcher.wake();

        eventually("every message sent", LONG, () -> ids.stream().allMatch(id -> "sent".equals(status(id))));
        for (String recipient : recipients) {
            assertEquals(1, Mailbox.to(recipient).size(), "exactly one mail to " + recipient);
        }
    }

    @Test
    void twoDispatchersOnOneDatabaseNeverSendTheSameMessageTwice() {
        OutboxDispatcher second = new OutboxDispatcher(queue, renderer, mailer, sms, webhooks, json, tokens, config, clock,
                vertx, connections, metrics, adminWebhook, jobs, "http://localhost:8080", "http://localhost:8080");
        List<String> recipients = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String recipient = "pair-" + UUID.randomUUID() + "@example.org";
            recipients.add(recipient);
            ids.add(insertMail(recipient));
        }
        second.wake();
        dispatcher.wake();

        eventually("every message sent", LONG, () -> ids.stream().allMatch(id -> "sent".equals(status(id))));
        Set<String> messageIds = new HashSet<>();
        for (String recipient : recipients) {
            List<Mailbox.ReceivedMail> received = Mailbox.to(recipient);
            assertEquals(1, received.size(), "exactly one mail to " + recipient);
            messageIds.add(received.get(0).messageId());
        }
        assertEquals(recipients.size(), messageIds.size(), "one Message-ID per message");
    }

    @Test
    void manyLinkMailsSentInParallelEachGetTheirOwnToken() {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            emails.add(Api.registered().email());
        }
        for (String email : emails) {
            eventually("registration mail to " + email, LONG, () -> Mailbox.to(email).size() == 1);
        }

        // Again, all at once: one batch whose sends run in parallel, each minting a link token.
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, user_id, payload, status, next_attempt_at,"
                + " created_at, updated_at, idempotency_key) SELECT gen_random_uuid(), kind, template, recipient, user_id, payload,"
                + " 'pending', ?, ?, ?, gen_random_uuid()::text FROM outbox"
                + " WHERE recipient = ANY(?) AND payload ->> 'link_purpose' IS NOT NULL", clock.instant(), clock.instant(),
                clock.instant(), (Object) emails.toArray(new String[0]));

        Set<String> tokens = new HashSet<>();
        for (String email : emails) {
            eventually("second mail to " + email, LONG, () -> Mailbox.to(email).size() == 2);
            tokens.add(Mailbox.to(email).get(1).token("/verify-email"));
        }
        assertEquals(emails.size(), tokens.size(), "every mail carries a token of its own");
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ANY(?) AND attempts > 1",
                (Object) emails.toArray(new String[0])), "no send failed and had to be retried");
    }

    @Test
    void oneDrainDeliversABacklogLargerThanABatch() {
        OutboxDispatcher second = new OutboxDispatcher(queue, renderer, mailer, sms, webhooks, json, tokens, config, clock,
                vertx, connections, metrics, adminWebhook, jobs, "http://localhost:8080", "http://localhost:8080");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < config.batchSize() * 4; i++) {
            ids.add(insertMail("backlog-" + UUID.randomUUID() + "@example.org"));
        }

        second.drain().await().atMost(LONG);

        // The application's own dispatcher may claim part of the backlog at the same time, and a send may
        // fail and wait for a retry; what one drain must do is leave no message that nobody ever claimed.
        assertTrue(ids.stream().allMatch(id -> attempts(id) >= 1),
                "a drain goes round until the backlog is empty, not one batch per wake-up");
    }

    @Test
    void aMessageWhoseSenderDiedMidSendIsSentAgainAfterItsLease() {
        String recipient = "crashed-" + UUID.randomUUID() + "@example.org";
        UUID id = insertMail(recipient);
        eventually("first delivery", LONG, () -> "sent".equals(status(id)));
        // As if a dispatcher had claimed it and died before recording the outcome.
        Db.update(dataSource, "UPDATE outbox SET status = 'sending', sent_at = NULL, lease_until = ? WHERE id = ?",
                clock.instant().minus(Duration.ofMinutes(1)), id);

        dispatcher.wake();

        eventually("sent again", LONG, () -> "sent".equals(status(id)));
        List<Mailbox.ReceivedMail> received = Mailbox.to(recipient);
        assertEquals(2, received.size(), "at least once: the unrecorded send is repeated");
        assertEquals(received.get(0).messageId(), received.get(1).messageId(), "with the same Message-ID");
    }

    @Test
    void aMessageThatKeepsFailingEndsDeadAndAnAdminRetrySendsIt() {
        GreenMailResource.server().stop();
        String recipient = "doomed-" + UUID.randomUUID() + "@example.org";
        UUID id = insertMail(recipient);
        Db.update(dataSource, "UPDATE outbox SET attempts = ? WHERE id = ?", config.maxAttempts() - 1, id);
        dispatcher.wake();

        eventually("dead after the last attempt", LONG, () -> "dead".equals(status(id)));
        String lastError = (String) Db.single(dataSource, "SELECT last_error FROM outbox WHERE id = ?", id);
        assertTrue(lastError != null && !lastError.isBlank(), "the reason is kept");

        GreenMailResource.server().start();
        subscribeAndAwait(() -> admin.retry(id));

        eventually("sent after the retry", LONG, () -> "sent".equals(status(id)));
        assertEquals(1, Mailbox.to(recipient).size());
    }

    @Test
    void smsGoesThroughTheConfiguredProvider() {
        UUID id = UUID.randomUUID();
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, next_attempt_at, created_at,"
                + " updated_at, idempotency_key) VALUES (?, 'sms', 'sms', '+14155550123', '{\"text\": \"Time to check in\"}'::jsonb,"
                + " 'pending', ?, ?, ?, ?)", id, clock.instant(), clock.instant(), clock.instant(), id.toString());

        eventually("sms sent", LONG, () -> "sent".equals(status(id)));
    }

    @Test
    void webhookIsDeliveredSignedWithTheConfiguredSecret() throws Exception {
        WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
        try {
            receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
            UUID id = UUID.randomUUID();
            Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, next_attempt_at,"
                    + " created_at, updated_at, idempotency_key) VALUES (?, 'webhook', 'account.released', ?,"
                    + " '{\"secret\": \"RELEASE\", \"body\": {\"type\": \"account.released\", \"data\": {\"user_id\": \"u1\"}}}'::jsonb,"
                    + " 'pending', ?, ?, ?, ?)", id, receiver.baseUrl() + "/hook", clock.instant(), clock.instant(),
                    clock.instant(), "wh-" + id);

            eventually("webhook sent", LONG, () -> "sent".equals(status(id)));
            receiver.verify(1, postRequestedFor(urlEqualTo("/hook")).withHeader("webhook-id", equalTo("wh-" + id)));
            LoggedRequest request = receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0);
            String signed = "wh-" + id + "." + request.getHeader("webhook-timestamp") + "." + request.getBodyAsString();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WebhookSecretsResource.release().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, request.getHeader("webhook-signature"));
            assertTrue(request.getBodyAsString().contains("\"account.released\""));
        } finally {
            receiver.stop();
        }
    }

    @Test
    void adminsListMessagesByStatusAndCannotRetryALiveOne() {
        String recipient = "listed-" + UUID.randomUUID() + "@example.org";
        UUID id = insertMail(recipient);
        eventually("sent", LONG, () -> "sent".equals(status(id)));

        Page<OutboxAdminService.OutboxEntry> sent = subscribeAndAwait(() -> admin.list("sent", new PageParams(0, 100)));
        assertTrue(sent.items().stream().allMatch(entry -> "sent".equals(entry.status())));
        assertTrue(sent.totalItems() >= 1);
        Page<OutboxAdminService.OutboxEntry> dead = subscribeAndAwait(() -> admin.list("dead", new PageParams(0, 100)));
        assertTrue(dead.items().stream().noneMatch(entry -> entry.id().equals(id)));

        dev.vigil.common.error.VigilException refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.vigil.common.error.VigilException.class, () -> subscribeAndAwait(() -> admin.retry(id)));
        assertEquals(409, refused.code().status());
    }

    @Test
    void sentMessagesArePurgedAfterTheRetentionPeriod() {
        String recipient = "old-" + UUID.randomUUID() + "@example.org";
        UUID id = insertMail(recipient);
        eventually("sent", LONG, () -> "sent".equals(status(id)));
        clock.advance(config.retention().plusDays(1));

        dispatcher.purgeSent().await().atMost(Duration.ofSeconds(10));

        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE id = ?", id));
    }

    private static <T> T subscribeAndAwait(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> action) {
        try {
            return VertxContextSupport.subscribeAndAwait(action);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private UUID insertMail(String recipient) {
        UUID id = UUID.randomUUID();
        Db.update(dataSource, "INSERT INTO outbox (id, kind, template, recipient, payload, status, next_attempt_at, created_at,"
                + " updated_at, idempotency_key) VALUES (?, 'mail', 'profile-changed', ?, '{\"changed\": [\"display_name\"]}'::jsonb,"
                + " 'pending', ?, ?, ?, ?)", id, recipient, clock.instant(), clock.instant(), clock.instant(), id.toString());
        return id;
    }

    private String status(UUID id) {
        return (String) Db.single(dataSource, "SELECT status FROM outbox WHERE id = ?", id);
    }

    private int attempts(UUID id) {
        return ((Number) Db.single(dataSource, "SELECT attempts FROM outbox WHERE id = ?", id)).intValue();
    }
}
