package dev.vigil.checkin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where a release is announced besides the trusted contacts. */
@ConfigMapping(prefix = "vigil.release")
public interface ReleaseConfig {

    /**
     * Receiver of the {@code account.released} webhook (Standard Webhooks signature). Unset: no
     * release webhook is sent.
     */
    Optional<String> webhookUrl();

    /**
     * The key that signs release webhook calls. Read by the sender when a call is made, so it never
     * waits in the outbox; declared here so that the key belongs to this mapping.
     */
    Optional<String> webhookSecret();
}
