package dev.vigil.auth;

import java.util.UUID;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Listens on the PostgreSQL channel where every revocation is announced (by the same transaction
 * that revokes, so announcements arrive only for committed revocations). Reconnects by itself;
 * reports when it is (re)subscribed and when it lost the connection, so the owner can fall back to
 * the database in between and catch up afterwards.
 */
public final class RevocationListener {

    public static final String CHANNEL = "vigil_session_revoked";
    private static final Logger LOG = Logger.getLogger(RevocationListener.class);
    private static final long RETRY_MILLIS = 1_000;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final Runnable onSubscribed;
    private final Runnable onLost;
    private volatile boolean closed;

    public RevocationListener(Vertx vertx, PgConnectOptions options, Consumer<UUID> onRevoked,
            Runnable onSubscribed, Runnable onLost) {
        this.vertx = vertx;
        this.onSubscribed = onSubscribed;
        this.onLost = onLost;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(this::reconnectAfter);
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> onSubscribed.run())
                .handler(payload -> parse(payload, onRevoked));
        subscriber.closeHandler(v -> onLost.run());
    }

    public void start() {
        subscriber.connect().onFailure(e -> {
            onLost.run();
            LOG.warnf("Could not listen for revocations (%s); retrying", e.getMessage());
            retryLater();
        });
    }

    public void close() {
        closed = true;
        subscriber.close();
    }

    /**
     * The subscriber asks this when its connection dropped ({@code retries} 0) and after every failed
     * attempt to get it back; it reconnects by itself and never calls the close handler meanwhile.
     * So this is where the owner learns that announcements can no longer reach it.
     */
    private long reconnectAfter(int retries) {
        if (retries == 0) {
            onLost.run();
            LOG.warn("Lost the revocation channel; checking revocations in the database until it is back");
        }
        return RETRY_MILLIS;
    }

    /**
     * Only for a first connection that failed: the subscriber does not retry that by itself, and it
     * does not count as closed either, so {@code connect()} alone would do nothing. Closing it first
     * makes the next {@code connect()} really try again.
     */
    private void retryLater() {
        vertx.setTimer(RETRY_MILLIS, id -> {
            if (!closed) {
                subscriber.close();
                start();
            }
        });
    }

    private static void parse(String payload, Consumer<UUID> onRevoked) {
        try {
            onRevoked.accept(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a malformed revocation announcement");
        }
    }
}
