package dev.vigil.common.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * Where a request came from: recorded on the sessions it starts and on security events. The address
 * is the socket's peer unless {@code quarkus.http.proxy.*} is configured to trust a proxy's headers.
 */
public record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    /** For work that no request started (scheduled jobs). */
    public static final ClientInfo NONE = new ClientInfo(null, null);

    public ClientInfo {
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }

    public static ClientInfo of(HttpServerRequest http) {
        String ip = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return new ClientInfo(ip, http.getHeader("User-Agent"));
    }
}
