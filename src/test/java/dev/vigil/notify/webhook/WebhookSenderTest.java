package dev.vigil.notify.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.vigil.notify.DeliveryException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Webhooks reach a real HTTP receiver (WireMock) signed the Standard Webhooks way, or fail. */
@QuarkusTest
@TestProfile(WebhookSenderTest.ShortTimeout.class)
class WebhookSenderTest {

    /** Receivers get one second to answer, so the slow-receiver test stays quick. */
    public static class ShortTimeout implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.webhook.timeout", "PT3S");
        }
    }

    /** Shaped like a chat webhook URL, whose path is itself a credential. */
    private static final String HOOK_PATH = "/api/webhooks/1234/path-token-XyZ";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MESSAGE_ID = "msg_2kQvZ8b1";
    private static final Instant TIMESTAMP = Instant.parse("2026-11-21T08:15:30.750Z");
    private static final String BODY = "{\"type\": \"account.released\",  \"data\": {\"username\": \"zoë\","
            + " \"note\": \"ünïcödé ✓\\n\"}}\n";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static WireMockServer receiver;

    @Inject
    WebhookSender webhooks;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        receiver.resetAll();
    }

    @Test
    void deliveredWebhookCarriesStandardWebhooksHeadersAndAVerifiableSignature() throws Exception {
        receiver.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(204)));

        webhooks.send(hookUrl(), SECRET, MESSAGE_ID, TIMESTAMP, BODY).await().atMost(WAIT);

        LoggedRequest request = onlyRequest();
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(MESSAGE_ID, request.getHeader("webhook-id"));
        assertEquals(Long.toString(TIMESTAMP.getEpochSecond()), request.getHeader("webhook-timestamp"));
        assertEquals(expectedSignature(request), request.getHeader("webhook-signature"));
    }

    @Test
    void bodyArrivesByteForByteAsGiven() {
        receiver.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(200)));

        webhooks.send(hookUrl(), SECRET, MESSAGE_ID, TIMESTAMP, BODY).await().atMost(WAIT);

        assertArrayEquals(BODY.getBytes(UTF_8), onlyRequest().getBody());
    }

    @Test
    void receiverErrorFailsDeliveryWithTheStatusButNotTheUrl() {
        receiver.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(500)));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> webhooks.send(hookUrl(), SECRET, MESSAGE_ID, TIMESTAMP, BODY).await().atMost(WAIT));

        assertEquals(500, failure.status());
        assertThat(failure.getMessage(), containsString("500"));
        assertThat(failure.getMessage(), not(containsString("path-token-XyZ")));
    }

    @Test
    void redirectIsNotFollowedAndFailsDelivery() {
        receiver.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", receiver.baseUrl() + "/elsewhere")));
        receiver.stubFor(post(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> webhooks.send(hookUrl(), SECRET, MESSAGE_ID, TIMESTAMP, BODY).await().atMost(WAIT));

        assertEquals(307, failure.status());
        receiver.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void receiverSlowerThanTheTimeoutFailsDeliveryInTime() {
        // The receiver would answer long after WAIT: a delivery that waited for it could not end in a
        // DeliveryException within WAIT (await would fail with a timeout instead), so only the
        // configured 3 s timeout can produce the failure below.
        receiver.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(200)
                .withFixedDelay((int) WAIT.multipliedBy(3).toMillis())));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> webhooks.send(hookUrl(), SECRET, MESSAGE_ID, TIMESTAMP, BODY).await().atMost(WAIT));

        assertEquals(DeliveryException.NO_STATUS, failure.status());
        assertThat(failure.getMessage(), containsString("did not answer"));
        assertThat(failure.getMessage(), not(containsString("path-token-XyZ")));
    }

    @Test
    void unreachableReceiverFailsDelivery() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> webhooks.send("http://localhost:" + closedPort + HOOK_PATH, SECRET, MESSAGE_ID, TIMESTAMP, BODY)
                        .await().atMost(WAIT));

        assertEquals(DeliveryException.NO_STATUS, failure.status());
        assertThat(failure.getMessage(), not(containsString("path-token-XyZ")));
    }

    private static String hookUrl() {
        return receiver.baseUrl() + HOOK_PATH;
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = receiver.findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, requests.size());
        return requests.get(0);
    }

    /** What a receiver computes: HMAC-SHA256 under the secret's UTF-8 bytes over the received id, timestamp and body. */
    private static String expectedSignature(LoggedRequest request) throws Exception {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes((request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + ".")
                .getBytes(UTF_8));
        signed.writeBytes(request.getBody());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.toByteArray()));
    }
}
