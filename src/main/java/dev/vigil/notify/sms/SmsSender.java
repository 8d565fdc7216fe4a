package dev.vigil.notify.sms;

import io.smallrye.mutiny.Uni;

/**
 * Hands one text message to the configured SMS provider ({@code vigil.sms.provider}). Exactly one
 * implementation is a bean; inject {@code SmsSender}.
 */
public interface SmsSender {

    /**
     * Sends {@code text} to {@code toE164} (for example {@code +14155550123}).
     *
     * @param idempotencyKey stable per outbox message, so a retry after a crash is not sent twice by
     *        providers that honour it
     * @return completes when the provider accepted the message; fails (typically with a
     *         {@link dev.vigil.notify.DeliveryException}) when it did not, so the caller can retry
     */
    Uni<Void> send(String toE164, String text, String idempotencyKey);
}
