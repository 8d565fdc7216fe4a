package dev.vigil.notify;

/** Which configured secret signs a webhook; the outbox stores the name, never the secret. */
public enum WebhookSecret {
    /** {@code vigil.release.webhook-secret}: the check-in release webhook. */
    RELEASE("vigil.release.webhook-secret"),
    /** {@code vigil.admin-webhook.secret}: the administrators' webhook. */
    ADMIN("vigil.admin-webhook.secret");

    private final String configKey;

    WebhookSecret(String configKey) {
        this.configKey = configKey;
    }

    public String configKey() {
        return configKey;
    }
}
