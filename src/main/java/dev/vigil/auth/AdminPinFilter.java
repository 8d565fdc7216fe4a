package dev.vigil.auth;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresAdminPin;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Enforces {@link RequiresAdminPin} on the endpoints that carry it. Runs after the endpoint's role
 * check and before its body is read, so a request without its PIN learns nothing (not even whether
 * an id exists). A right PIN that is shorter than six digits lets the request through and puts
 * {@value RequiresAdminPin#CHANGE_HEADER}: {@value RequiresAdminPin#CHANGE_REQUIRED} on its response.
 */
public class AdminPinFilter {

    private static final String SHORT_PIN = "vigil.admin-pin-short";

    private final AdminPinGuard guard;

    public AdminPinFilter(AdminPinGuard guard) {
        this.guard = guard;
    }

    @ServerRequestFilter
    @RequiresAdminPin
    public Uni<Response> requirePin(RoutingContext context) {
        Caller caller = context.user() instanceof QuarkusHttpUser user ? Caller.find(user.getSecurityIdentity()) : null;
        if (caller == null) {
            // The role check admits only people; anything else here is refused, never waved through.
            return Uni.createFrom().item(Problem.of(CommonError.FORBIDDEN, "Admin writes are for admins").toJaxrsResponse());
        }
        return guard.check(caller.userId(), context.request().getHeader(RequiresAdminPin.HEADER),
                        ClientInfo.of(context.request()))
                .map(outcome -> {
                    if (outcome == AdminPinGuard.Outcome.RIGHT_BUT_SHORT) {
                        context.put(SHORT_PIN, Boolean.TRUE);
                    }
                    return null;
                });
    }

    @ServerResponseFilter
    @RequiresAdminPin
    public void askForALongerPin(ContainerResponseContext response, RoutingContext context) {
        if (Boolean.TRUE.equals(context.get(SHORT_PIN))) {
            response.getHeaders().putSingle(RequiresAdminPin.CHANGE_HEADER, RequiresAdminPin.CHANGE_REQUIRED);
        }
    }
}
