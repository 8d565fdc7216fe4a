package dev.vigil.auth;

import java.util.UUID;

/** What login and refresh answer with (API "Token pair"). */
public record TokenPair(
        String accessToken,
        String tokenType,
        long expiresIn,
        String refreshToken,
        long refreshExpiresIn,
        UUID sessionId) implements LoginResponse {

    static TokenPair bearer(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn, UUID sessionId) {
        return new TokenPair(accessToken, "Bearer", expiresIn, refreshToken, refreshExpiresIn, sessionId);
    }
}
