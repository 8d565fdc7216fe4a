package dev.vigil.quota;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.security.Caller;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the caller's quota to every request that carries a user (an access token or an API key),
 * and puts {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} on its
 * response. Runs after the endpoint's security check, and only reads an identity that check already
 * established, so public endpoints (login, refresh, health, metrics, ...) are never counted and
 * never authenticate because of this filter.
 */
public class QuotaFilter {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    private static final String DECISION = "vigil.quota-decision";

    private final QuotaCounters counters;
    private final QuotaConfig config;

    public QuotaFilter(QuotaCounters counters, QuotaConfig config) {
        this.counters = counters;
        this.config = config;
    }

    @ServerRequestFilter
    public Response count(RoutingContext context) {
        if (!config.enabled() || !(context.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        Caller caller = Caller.find(user.getSecurityIdentity());
        if (caller == null) {
            return null;
        }
        QuotaDecision decision = counters.consume(caller.userId(), caller.tier());
        context.put(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        return Problem.of(CommonError.RATE_LIMITED, "The request quota of this account is used up; try again later")
                .with(Problem.RETRY_AFTER, decision.resetSeconds())
                .toJaxrsResponse();
    }

    @ServerResponseFilter
    public void headers(ContainerResponseContext response, RoutingContext context) {
        QuotaDecision decision = context.get(DECISION);
        if (decision == null) {
            return;
        }
        response.getHeaders().putSingle(LIMIT, decision.limit());
        response.getHeaders().putSingle(REMAINING, decision.remaining());
        response.getHeaders().putSingle(RESET, decision.resetSeconds());
    }
}
