package dev.vigil.notify.sms;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.notify.DeliveryException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * The {@code twilio} provider: posts each SMS to Twilio's Messages API with the account's Basic
 * credentials and the message's idempotency key. A 2xx answer means Twilio accepted the message;
 * anything else fails with the status (and Twilio's error code when it sent one), never the token.
 */
public class TwilioSmsSender implements SmsSender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogSmsSender.CATEGORY);

    private final TwilioApi api;
    private final ObjectMapper json;
    private final String accountSid;
    private final String authToken;
    private final String from;
    private final String authorization;
    private final Duration timeout;

    /** Builds the REST client; the configuration must be complete (see {@link SmsSenderProducer}). */
    TwilioSmsSender(SmsConfig.Twilio config, ObjectMapper json) {
        this.accountSid = config.accountSid().orElseThrow();
        this.authToken = config.authToken().orElseThrow();
        this.from = config.from().orElseThrow();
        this.json = json;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(UTF_8));
        this.timeout = config.timeout();
        long timeoutMillis = timeout.toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.baseUrl()))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .build(TwilioApi.class);
    }

    @Override
    public Uni<Void> send(String toE164, String text, String idempotencyKey) {
        return api.createMessage(accountSid, authorization, idempotencyKey, toE164, from, text)
                .onFailure().transform(this::unreachable)
                .onItem().transform(this::acceptedOrFail)
                .invoke(() -> LOG.infof("SMS to %s accepted by Twilio (message %s)",
                        PhoneNumbers.mask(toE164), idempotencyKey));
    }

    private Void acceptedOrFail(Response response) {
        try (response) {
            int status = response.getStatus();
            if (status / 100 == 2) {
                return null;
            }
            throw new DeliveryException(redact("Twilio answered HTTP " + status + errorCode(response)), status);
        }
    }

    private DeliveryException unreachable(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return new DeliveryException("Twilio did not answer within " + timeout);
        }
        return new DeliveryException(redact("Twilio could not be reached: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")")));
    }

    /** Twilio's numeric error code from a JSON error body, e.g. {@code " (Twilio error 21211)"}. */
    private String errorCode(Response response) {
        if (!response.hasEntity()) {
            return "";
        }
        try {
            JsonNode code = json.readTree(response.readEntity(String.class)).path("code");
            return code.canConvertToLong() ? " (Twilio error " + code.asLong() + ")" : "";
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    /** Belt and braces: whatever a message was built from, the auth token never leaves in it. */
    private String redact(String message) {
        return authToken.isEmpty() ? message : message.replace(authToken, "[redacted]");
    }

    @Override
    public void close() throws IOException {
        api.close();
    }
}
