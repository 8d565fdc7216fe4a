package dev.vigil.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.error.VigilException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The throttles themselves: for each {@link RateLimitKind} one limit per client IP and one per
 * subject, held in memory (per instance, no database round trip) with a fixed capacity each.
 *
 * <p>A request is counted against its IP first and then against its subject. Subjects are
 * normalised, so {@code Ada@Example.org} and {@code ada@example.org } share one budget; the limit
 * applies whether or not an account answers to the subject, so a 429 reveals nothing about accounts.
 * IPv6 clients are counted per /64, the block one subscriber usually holds.
 *
 * <p>Every rejection is counted in {@code vigil_rate_limited_total{kind}}.
 */
@ApplicationScoped
public class RateLimits {

    /** Longer subjects fail validation anyway; cutting them keeps each key small. */
    private static final int MAX_SUBJECT_LENGTH = 320;

    private static final String UNKNOWN_IP = "unknown";

    private static final int IPV6_PREFIX_BYTES = 8;

    private final boolean enabled;
    private final Map<RateLimitKind, KeyedLimiter> perIp = new EnumMap<>(RateLimitKind.class);
    private final Map<RateLimitKind, KeyedLimiter> perSubject = new EnumMap<>(RateLimitKind.class);
    private final Map<RateLimitKind, Counter> rejections = new EnumMap<>(RateLimitKind.class);

    public RateLimits(RateLimitConfig config, Clock clock, MeterRegistry registry) {
        this.enabled = config.enabled();
        long maxKeys = config.maxKeys();
        limit(perIp, RateLimitKind.LOGIN, config.login().perIp(), config.login().period(), maxKeys, clock);
        limit(perSubject, RateLimitKind.LOGIN, config.login().perLogin(), config.login().period(), maxKeys, clock);
        limit(perIp, RateLimitKind.REGISTRATION, config.registration().perIp(), config.registration().period(),
                maxKeys, clock);
        limit(perSubject, RateLimitKind.REGISTRATION, config.registration().perEmail(),
                config.registration().period(), maxKeys, clock);
        limit(perIp, RateLimitKind.MAIL, config.mail().perIp(), config.mail().period(), maxKeys, clock);
        limit(perSubject, RateLimitKind.MAIL, config.mail().perTarget(), config.mail().period(), maxKeys, clock);
        for (RateLimitKind kind : RateLimitKind.values()) {
            rejections.put(kind, Counter.builder("vigil.rate.limited")
                    .description("Requests refused by a throttle (429), by kind of endpoint")
                    .tag("kind", kind.tag())
                    .register(registry));
        }
    }

    /** Whether throttling is on ({@code vigil.rate-limit.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Counts one request of this kind from {@code ip} about {@code subject}, or refuses it.
     *
     * @param ip the client's address as {@link dev.vigil.common.http.ClientInfo} reports it; null if unknown
     * @param subject the login or address the request is about, as sent; null or blank for none
     * @throws VigilException 429 {@code rate-limited} with {@code retry_after} (whole seconds, at least 1)
     */
    public void check(RateLimitKind kind, String ip, String subject) {
        if (!enabled) {
            return;
        }
        long wait = acquire(perIp.get(kind), ipKey(ip));
        if (wait == 0) {
            String key = subjectKey(subject);
            wait = key == null ? 0 : acquire(perSubject.get(kind), key);
        }
        if (wait > 0) {
            rejections.get(kind).increment();
            long seconds = Math.max(1, Duration.ofMillis(wait).plusMillis(999).toSeconds());
            throw new VigilException(CommonError.RATE_LIMITED,
                    "Too many requests of this kind; try again in " + seconds + " seconds.")
                    .with(Problem.RETRY_AFTER, seconds);
        }
    }

    private static long acquire(KeyedLimiter limiter, String key) {
        return limiter == null ? 0 : limiter.tryAcquire(key);
    }

    private static void limit(Map<RateLimitKind, KeyedLimiter> limits, RateLimitKind kind, int limit,
            Duration period, long maxKeys, Clock clock) {
        if (limit > 0) {
            limits.put(kind, new KeyedLimiter(limit, period, maxKeys, clock));
        }
    }

    /** The key an address is counted under: itself, or its /64 for IPv6. */
    static String ipKey(String ip) {
        if (ip == null || ip.isBlank()) {
            return UNKNOWN_IP;
        }
        if (ip.indexOf(':') < 0 || !isAddressLiteral(ip)) {
            return ip;
        }
        try {
            // Only hex digits, colons and dots: the JDK parses it as an IPv6 literal, never looks it up.
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (address.length <= IPV6_PREFIX_BYTES) {
                return InetAddress.getByAddress(address).getHostAddress();
            }
            return HexFormat.of().formatHex(address, 0, IPV6_PREFIX_BYTES) + "::/64";
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    private static boolean isAddressLiteral(String ip) {
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** The key a subject is counted under: stripped, lower-cased, cut to a bounded length; null for none. */
    static String subjectKey(String subject) {
        if (subject == null) {
            return null;
        }
        String key = subject.strip().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            return null;
        }
        return key.length() > MAX_SUBJECT_LENGTH ? key.substring(0, MAX_SUBJECT_LENGTH) : key;
    }
}
