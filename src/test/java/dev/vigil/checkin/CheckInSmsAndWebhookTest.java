package dev.vigil.checkin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Eventually.eventually;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.vigil.notify.sms.FakeTwilio;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.InjectWireMock;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/** Reminders by SMS (through a fake Twilio) and the release webhook's body. */
@QuarkusTest
@TestProfile(CheckInSmsAndWebhookTest.SmsAndReleaseHook.class)
class CheckInSmsAndWebhookTest {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000test";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final String RELEASE_HOOK = "http://127.0.0.1:9/release-hook";
    static final String ADMIN_HOOK = "http://127.0.0.1:9/admin-hook";

    /** Twilio faked by WireMock; a release webhook receiver nobody listens on (the call stays in the outbox). */
    public static class SmsAndReleaseHook implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "vigil.sms.provider", "twilio",
                    "vigil.sms.twilio.account-sid", ACCOUNT_SID,
                    "vigil.sms.twilio.auth-token", "test-only-auth-token-c41b",
                    "vigil.sms.twilio.from", "+15005550006",
                    "vigil.release.webhook-url", RELEASE_HOOK,
                    "vigil.admin-webhook.url", ADMIN_HOOK);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeTwilio.class));
        }
    }

    @InjectWireMock
    WireMockServer twilio;

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void answerLikeTwilio() {
        twilio.resetAll();
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"SM123\", \"status\": \"queued\"}")));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aUserWhoPrefersSmsGetsTheReminderAsATextWithACheckInLink() {
        TestUser user = verified();
        patchMe(user, "{\"phone\": \"+4915199990000\", \"preferred_contact_method\": \"sms\"}");
        enable(user, "P10D");
        assertEquals("sms", state(user).getString("reminders[0].channel"));
        clock.advance(Duration.ofDays(4));

        scan();

        eventually("the reminder SMS reaches Twilio", () -> !twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(containing("To=%2B4915199990000"))).isEmpty());
        LoggedRequest sent = twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(containing("To=%2B4915199990000"))).get(0);
        String body = URLDecoder.decode(sent.getBodyAsString(), UTF_8);
        assertTrue(body.contains("please check in"), body);
        assertTrue(body.contains("/check-in?token="), body);
        assertEquals(1, twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(containing("To=%2B4915199990000"))).size());
    }

    @Test
    void aReleaseQueuesTheSignedReleaseWebhookWithTheContractBody() {
        TestUser user = verified();
        UUID userId = UUID.fromString(Sessions.userId(accessToken(user)));
        enable(user, "P1D");
        clock.advance(Duration.ofDays(5));

        scan();

        String payload = (String) Db.single(dataSource, "SELECT payload::text FROM outbox WHERE kind = 'webhook'"
                + " AND recipient = ? AND payload::text LIKE ?", RELEASE_HOOK, "%" + userId + "%");
        assertTrue(payload.contains("\"type\": \"account.released\""), payload);
        assertTrue(payload.contains("\"secret\": \"RELEASE\""), "the secret is named, not stored: " + payload);
        for (String field : List.of("user_id", "username", "account_id", "released_at", "last_check_in_at")) {
            assertTrue(payload.contains("\"" + field + "\""), field + " in " + payload);
        }
        assertTrue(payload.contains("\"username\": \"" + user.username() + "\""), payload);
        String announced = (String) Db.single(dataSource, "SELECT payload::text FROM outbox WHERE kind = 'webhook'"
                + " AND recipient = ? AND payload::text LIKE ?", ADMIN_HOOK, "%" + userId + "%");
        assertTrue(announced.contains("\"type\": \"account.released\""), "the admins hear of it too: " + announced);
        assertTrue(announced.contains("\"secret\": \"ADMIN\""), announced);
    }

    @Test
    void theTestReleaseShowsTheWebhookBodyAndQueuesNoWebhook() {
        TestUser user = verified();
        UUID userId = UUID.fromString(Sessions.userId(accessToken(user)));
        enable(user, "P1D");

        as(accessToken(user)).post("/api/v1/me/check-in/test-release").then().statusCode(202);

        ReceivedMail test = Mailbox.awaitOne(user.email(), "Test:");
        assertTrue(test.text().contains("To your service's webhook"), test.text());
        assertTrue(test.text().contains("\"type\" : \"account.released\""), test.text());
        assertTrue(test.text().contains("\"user_id\" : \"" + userId + "\""), test.text());
        assertEquals(0L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE kind = 'webhook' AND recipient = ?"
                + " AND payload::text LIKE ?", RELEASE_HOOK, "%" + userId + "%"), "nothing reaches the webhook");
    }

    private void scan() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> scanner.scan());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
