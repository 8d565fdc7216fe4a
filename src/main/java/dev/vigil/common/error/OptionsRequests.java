package dev.vigil.common.error;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code OPTIONS} on a REST path answers 204 with the {@code Allow} header that a 405 at the same
 * path carries: exactly the methods that are routed there. Quarkus REST's own answer lists every
 * method of the resource class, including those of its sub-paths ({@code OPTIONS /api/v1/me} offered
 * POST, which answers 405). CORS preflights never get here while CORS is configured: its filter
 * answers them first.
 */
public class OptionsRequests {

    private final AllowedMethods allowedMethods;

    OptionsRequests(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerRequestFilter(preMatching = true)
    public Response options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return null;
        }
        String allow = allowedMethods.forPath(request.getUriInfo().getPath());
        return allow.isEmpty() ? null : Response.noContent().header(HttpHeaders.ALLOW, allow).build();
    }
}
