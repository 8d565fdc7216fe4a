package dev.vigil.common.db;

import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Listens on one PostgreSQL NOTIFY channel over a connection of its own. Reconnects by itself and
 * reports when it is (re)subscribed and when it lost the connection, so that its owner can fall
 * back to reading the database in between and catch up afterwards.
 */
public final class ChannelListener {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);
    private static final long RETRY_MILLIS = 1_000;

    private final Vertx vertx;
    private final String channel;
    private final PgSubscriber subscriber;
    private final Runnable onLost;
    private volatile boolean closed;

    public ChannelListener(Vertx vertx, PgConnectOptions options, String channel, Consumer<String> onPayload,
            Runnable onSubscribed, Runnable onLost) {
        this.vertx = vertx;
        this.channel = channel;
        this.onLost = onLost;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(this::reconnectAfter);
        subscriber.channel(channel)
                .subscribeHandler(v -> onSubscribed.run())
                .handler(onPayload::accept);
        subscriber.closeHandler(v -> onLost.run());
    }

    public void start() {
        subscriber.connect().onFailure(e -> {
            onLost.run();
            LOG.warnf("Could not listen on %s (%s); retrying", channel, e.getMessage());
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
            LOG.warnf("Lost the %s channel; reconnecting", channel);
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
}
