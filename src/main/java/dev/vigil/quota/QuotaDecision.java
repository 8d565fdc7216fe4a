package dev.vigil.quota;

/**
 * The outcome of counting one request, for the {@code RateLimit-*} headers: the limit of the window
 * closest to exhaustion, what is left of it, and the seconds until it resets.
 */
record QuotaDecision(boolean allowed, long limit, long remaining, long resetSeconds) {
}
