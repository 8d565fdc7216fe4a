package dev.vigil.auth;

/** What a password login answers: a token pair, or the demand for a second factor. */
public sealed interface LoginResponse permits TokenPair, MfaChallengeResponse {
}
