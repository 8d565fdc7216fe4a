package dev.vigil.common.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The origins of {@code vigil.cors.origins}: each {@code scheme://host[:port]} exactly, or
 * {@code scheme://host:*} for that host on any port ({@code http://localhost:*} for local front-end
 * servers). Scheme and host compare without regard to case; anything else in an entry (a path, a
 * query, a {@code *} host) is a configuration error, reported at start.
 */
final class AllowedOrigins {

    private static final String ANY_PORT = ":*";

    private final List<String> exact;
    /** {@code scheme://host}, for the entries that allow any port of it. */
    private final List<String> anyPort;

    private AllowedOrigins(List<String> exact, List<String> anyPort) {
        this.exact = List.copyOf(exact);
        this.anyPort = List.copyOf(anyPort);
    }

    static AllowedOrigins parse(List<String> entries) {
        List<String> exact = new ArrayList<>();
        List<String> anyPort = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith(ANY_PORT)) {
                String base = entry.substring(0, entry.length() - ANY_PORT.length());
                Origin origin = Origin.of(base).filter(o -> o.port() < 0)
                        .orElseThrow(() -> invalid(raw));
                anyPort.add(origin.schemeAndHost());
            } else {
                exact.add(Origin.of(entry).orElseThrow(() -> invalid(raw)).toString());
            }
        }
        return new AllowedOrigins(exact, anyPort);
    }

    boolean isEmpty() {
        return exact.isEmpty() && anyPort.isEmpty();
    }

    /** Whether a request's {@code Origin} header names an allowed origin. */
    boolean allows(String header) {
        if (isEmpty()) {
            return false;
        }
        return Origin.of(header.strip())
                .map(origin -> exact.contains(origin.toString()) || anyPort.contains(origin.schemeAndHost()))
                .orElse(false);
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("vigil.cors.origins: '" + entry
                + "' is not an origin (scheme://host[:port], or scheme://host:* for any port)");
    }

    /** An http(s) origin, normalised: lower-case scheme and host, the port only when given. */
    record Origin(String scheme, String host, int port) {

        static Optional<Origin> of(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                String host = uri.getHost();
                boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (scheme == null || host == null || !bare) {
                    return Optional.empty();
                }
                String lowerScheme = scheme.toLowerCase(Locale.ROOT);
                if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
                    return Optional.empty();
                }
                int port = uri.getPort();
                boolean defaultPort = (lowerScheme.equals("http") && port == 80) || (lowerScheme.equals("https") && port == 443);
                // Browsers leave a scheme's default port out of Origin.
                return Optional.of(new Origin(lowerScheme, host.toLowerCase(Locale.ROOT), defaultPort ? -1 : port));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        String schemeAndHost() {
            return scheme + "://" + host;
        }

        @Override
        public String toString() {
            return port < 0 ? schemeAndHost() : schemeAndHost() + ":" + port;
        }
    }
}
