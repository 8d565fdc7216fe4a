package dev.vigil.user;

/** A 202 acknowledgement that reveals nothing beyond "received". */
public record MessageResponse(String message) {

    /** The answer of every request that may or may not mail someone: the same whether or not an account matched. */
    public static final MessageResponse MAIL_ON_ITS_WAY =
            new MessageResponse("If an account matches, a message is on its way to its address.");
}
