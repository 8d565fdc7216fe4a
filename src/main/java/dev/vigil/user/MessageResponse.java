package dev.vigil.user;

/** A 202 acknowledgement that reveals nothing beyond "received". */
public record MessageResponse(String message) {
}
