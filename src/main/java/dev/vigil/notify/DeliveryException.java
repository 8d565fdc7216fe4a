package dev.vigil.notify;

/**
 * A message was not delivered: the provider or receiver refused it, answered with an error, or could
 * not be reached in time. The outbox dispatcher records the message and tries again later.
 *
 * <p>The message is safe to store and to show to an admin: it never carries credentials, webhook
 * URLs (which often embed a token) or the text that was being sent. There is no stack trace; the
 * message says everything the dispatcher needs.
 */
public class DeliveryException extends RuntimeException {

    /** {@link #status()} when the failure happened before any HTTP answer arrived. */
    public static final int NO_STATUS = 0;

    private final int status;

    public DeliveryException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A failure without an HTTP answer: connection refused, timeout, bad address. */
    public DeliveryException(String message) {
        this(message, NO_STATUS);
    }

    /** The HTTP status the other side answered with, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }
}
