package dev.vigil.notify.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Signatures follow Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 over
 * {@code "<id>.<timestamp>.<body>"}, keyed with the UTF-8 bytes of the secret. The expected values
 * are computed here with {@link Mac}, independently of the code under test.
 */
class WebhookSignatureTest {

    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final byte[] KEY = "vigil-test-secret: grüße".getBytes(UTF_8);

    @Test
    void standardWebhooksExampleIsSignedOverIdTimestampAndBody() throws Exception {
        String expected = "v1," + hmacBase64(KEY, MESSAGE_ID + "." + TIMESTAMP + "." + BODY);

        assertEquals(expected, WebhookSender.sign(MESSAGE_ID, TIMESTAMP, BODY, KEY));
    }

    @Test
    void anyChangeToIdTimestampBodyOrKeyChangesTheSignature() {
        String original = WebhookSender.sign(MESSAGE_ID, TIMESTAMP, BODY, KEY);

        assertNotEquals(original, WebhookSender.sign(MESSAGE_ID + "x", TIMESTAMP, BODY, KEY));
        assertNotEquals(original, WebhookSender.sign(MESSAGE_ID, TIMESTAMP + 1, BODY, KEY));
        assertNotEquals(original, WebhookSender.sign(MESSAGE_ID, TIMESTAMP, "{\"test\":2432232314}", KEY));
        assertNotEquals(original, WebhookSender.sign(MESSAGE_ID, TIMESTAMP, BODY, "other".getBytes(UTF_8)));
    }

    private static String hmacBase64(byte[] key, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(UTF_8)));
    }
}
