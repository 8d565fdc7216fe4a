package dev.vigil.user;

public record UsernameAvailabilityResponse(String username, boolean available) {
}
