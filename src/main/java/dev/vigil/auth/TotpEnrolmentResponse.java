package dev.vigil.auth;

/** A new, not yet active authenticator: the only time its secret is ever shown. */
public record TotpEnrolmentResponse(String secret, String otpauthUri) {
}
