package dev.vigil.notify.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;

import dev.vigil.notify.DeliveryException;
import dev.vigil.support.InjectWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code vigil.sms.provider=twilio}, each SMS is one call to (a fake of) Twilio's Messages API. */
@QuarkusTest
@TestProfile(TwilioSmsSenderTest.TwilioProvider.class)
class TwilioSmsSenderTest {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000test";
    static final String AUTH_TOKEN = "test-only-auth-token-7c1e9b";
    static final String FROM = "+15005550006";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final Duration WAIT = Duration.ofSeconds(10);

    /** A deployment that sends SMS through Twilio (the fake one from {@link FakeTwilio}). */
    public static class TwilioProvider implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "vigil.sms.provider", "twilio",
                    "vigil.sms.twilio.account-sid", ACCOUNT_SID,
                    "vigil.sms.twilio.auth-token", AUTH_TOKEN,
                    "vigil.sms.twilio.from", FROM,
                    "vigil.sms.twilio.timeout", "PT3S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeTwilio.class));
        }
    }

    @InjectWireMock
    WireMockServer twilio;

    @Inject
    SmsSender sms;

    @BeforeEach
    void forgetEarlierCalls() {
        twilio.resetAll();
    }

    @Test
    void twilioIsTheOneSmsSenderWhenConfigured() {
        assertInstanceOf(TwilioSmsSender.class, sms);
    }

    @Test
    void acceptedSmsIsAFormPostToTheAccountsMessagesWithBasicAuthAndIdempotencyToken() {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\": \"SM00000000000000000000000000000001\", \"status\": \"queued\"}")));
        String text = "Check in: https://vigil.example/check-in?token=a+b&c=d — grüße ✓";

        sms.send("+14155550123", text, "msg-2f1c").await().atMost(WAIT);

        String basic = Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(UTF_8));
        twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withBasicAuth(new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withHeader("I-Twilio-Idempotency-Token", equalTo("msg-2f1c"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("To", equalTo("+14155550123"))
                .withFormParam("From", equalTo(FROM))
                .withFormParam("Body", equalTo(text)));
    }

    @Test
    void rejectedSmsFailsWithTheStatusAndTwilioErrorCodeButNotTheToken() {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\": 21211, \"message\": \"The 'To' number is not a valid phone number.\","
                        + " \"status\": 400}")));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> sms.send("+1999", "hello", "msg-400").await().atMost(WAIT));

        assertEquals(400, failure.status());
        assertThat(failure.getMessage(), containsString("400"));
        assertThat(failure.getMessage(), containsString("21211"));
        assertThat(failure.getMessage(), not(containsString(AUTH_TOKEN)));
    }

    @Test
    void unavailableTwilioFailsWithTheStatusButNotTheToken() {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><body>Service Unavailable</body></html>")));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> sms.send("+14155550123", "hello", "msg-503").await().atMost(WAIT));

        assertEquals(503, failure.status());
        assertThat(failure.getMessage(), containsString("503"));
        assertThat(failure.getMessage(), not(containsString(AUTH_TOKEN)));
    }

    @Test
    void twilioThatDoesNotAnswerWithinTheTimeoutFails() {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201).withFixedDelay(12_000)));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> sms.send("+14155550123", "hello", "msg-slow").await().atMost(WAIT));

        assertEquals(DeliveryException.NO_STATUS, failure.status());
        assertThat(failure.getMessage(), containsString("did not answer within"));
        assertThat(failure.getMessage(), not(containsString(AUTH_TOKEN)));
    }
}
