package dev.vigil.common.error;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.vigil.common.http.RequestIds;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the request id in every problem body that leaves through Quarkus REST, whether a mapper or a
 * filter made it; {@link RouteErrorHandlers} does the same for the problems it sends itself.
 */
public class ProblemRequestIds {

    /** The problem with member {@code request_id}, or the problem as it is when there is no id. */
    static Problem withRequestId(Problem problem, String requestId) {
        return requestId == null ? problem : problem.with(RequestIds.MDC_KEY, requestId);
    }

    @ServerResponseFilter
    public void addRequestId(ContainerResponseContext response, RoutingContext routing) {
        if (response.getEntity() instanceof Problem problem) {
            response.setEntity(withRequestId(problem, RequestIds.of(routing)));
        }
    }
}
