package dev.vigil.notify;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The administrators' webhook: where events that need a human are announced. */
@ConfigMapping(prefix = "vigil.admin-webhook")
public interface AdminWebhookConfig {

    /**
     * Receiver of {@code user.banned}, {@code user.locked}, {@code account.released}, {@code outbox.dead}
     * and {@code admin.role-changed} (a Slack or Discord incoming-webhook URL works: bodies carry
     * {@code content} and {@code text}). Unset: no admin webhook is sent. The signing secret is
     * {@code vigil.admin-webhook.secret}.
     */
    Optional<String> url();

    /**
     * The key that signs admin webhook calls (Standard Webhooks). Read by the sender when a call is
     * made, so it never waits in the outbox; declared here so that the key belongs to this mapping.
     */
    Optional<String> secret();
}
