package dev.vigil.notify.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.notify.DeliveryException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Delivers one webhook, signed the Standard Webhooks way: {@code webhook-id},
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256>}
 * over {@code "<id>.<timestamp>.<body>"}, keyed with the UTF-8 bytes of the receiver's secret.
 *
 * <p>A 2xx answer means delivered. Any other status (redirects are not followed), a connection
 * failure or no answer within {@code vigil.webhook.timeout} fails with a {@link DeliveryException}
 * that never quotes the URL: webhook URLs (Discord, Slack) often carry their own token.
 */
@ApplicationScoped
public class WebhookSender {

    private static final String HMAC = "HmacSHA256";

    private final WebClient client;
    private final Duration timeout;

    WebhookSender(Vertx vertx, WebhookConfig config) {
        this.timeout = config.timeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("Vigil-Webhooks")
                .setFollowRedirects(false)
                .setConnectTimeout(Math.toIntExact(timeout.toMillis())));
    }

    /**
     * POSTs {@code jsonBody} to {@code url}, byte for byte as given (UTF-8).
     *
     * @param messageId stable per message, so receivers can drop a redelivery
     * @param timestamp when the message was made; sent and signed as whole unix seconds
     */
    public Uni<Void> send(String url, String secret, String messageId, Instant timestamp, String jsonBody) {
        long seconds = timestamp.getEpochSecond();
        return Uni.createFrom().deferred(() -> client.postAbs(url)
                        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                        .putHeader("webhook-id", messageId)
                        .putHeader("webhook-timestamp", Long.toString(seconds))
                        .putHeader("webhook-signature", sign(messageId, seconds, jsonBody, secret.getBytes(UTF_8)))
                        .timeout(timeout.toMillis())
                        .sendBuffer(Buffer.buffer(jsonBody.getBytes(UTF_8))))
                .ifNoItem().after(timeout).failWith(this::tooSlow)
                .onFailure(failure -> !(failure instanceof DeliveryException)).transform(this::undelivered)
                .onItem().transform(WebhookSender::deliveredOrFail);
    }

    /**
     * The {@code webhook-signature} header value for one message: {@code v1,} followed by the
     * base64 HMAC-SHA256 of {@code "<messageId>.<timestampSeconds>.<body>"} (UTF-8) under {@code key}.
     */
    public static String sign(String messageId, long timestampSeconds, String body, byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static Void deliveredOrFail(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new DeliveryException("Webhook receiver answered HTTP " + status, status);
        }
        return null;
    }

    private DeliveryException tooSlow() {
        return new DeliveryException("Webhook receiver did not answer within " + timeout);
    }

    /** A failure before any answer. Vert.x messages can quote the URL, so only the kind is kept. */
    private DeliveryException undelivered(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return tooSlow();
        }
        return new DeliveryException("Webhook receiver could not be reached: " + failure.getClass().getSimpleName());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
