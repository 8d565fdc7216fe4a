package dev.vigil.auth;

import java.util.UUID;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.vigil.common.db.ChannelListener;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Listens on the PostgreSQL channel where every revocation is announced (by the same transaction
 * that revokes, so announcements arrive only for committed revocations); see {@link ChannelListener}
 * for reconnection and loss reporting.
 */
public final class RevocationListener {

    public static final String CHANNEL = "vigil_session_revoked";
    private static final Logger LOG = Logger.getLogger(RevocationListener.class);

    private final ChannelListener listener;

    public RevocationListener(Vertx vertx, PgConnectOptions options, Consumer<UUID> onRevoked,
            Runnable onSubscribed, Runnable onLost) {
        this.listener = new ChannelListener(vertx, options, CHANNEL, payload -> parse(payload, onRevoked),
                onSubscribed, onLost);
    }

    public void start() {
        listener.start();
    }

    public void close() {
        listener.close();
    }

    private static void parse(String payload, Consumer<UUID> onRevoked) {
        try {
            onRevoked.accept(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a malformed revocation announcement");
        }
    }
}
