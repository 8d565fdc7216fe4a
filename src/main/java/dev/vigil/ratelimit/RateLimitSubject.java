package dev.vigil.ratelimit;

/**
 * A request body that names who or what a {@link RateLimited} call is about (the login identifier, the
 * address a mail goes to), so that all requests about one subject share a limit whatever IP they come
 * from. The value is normalised (stripped, lower-cased) before use, so spellings share it too.
 */
public interface RateLimitSubject {

    /** The identifier as the client sent it; null or blank when absent (then only the IP is limited). */
    String rateLimitSubject();
}
