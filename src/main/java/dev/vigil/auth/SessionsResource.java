package dev.vigil.auth;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/me/sessions")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class SessionsResource {

    private final SessionService sessions;
    private final SecurityIdentity identity;

    public SessionsResource(SessionService sessions, SecurityIdentity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listSessions", summary = "The caller's live sessions, most recently used first")
    @APIResponse(responseCode = "200", description = "A page of sessions; `current` marks the one making this request")
    @APIResponse(responseCode = "400", description = "validation-failed (page or size out of range)")
    public Uni<RestResponse<Page<SessionResponse>>> list(@Valid @BeanParam PageParams page) {
        return sessions.list(Caller.of(identity), page)
                .map(RestResponse::ok);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "endSession",
            summary = "End one of the caller's sessions; its tokens stop working on the next request")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "not-found: no live session of the caller has this id")
    public Uni<RestResponse<Void>> end(@RestPath String id, @Context HttpServerRequest http) {
        return sessions.end(Caller.of(identity), sessionId(id), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    /** A path that is not a UUID names no session: 404, like an unknown id. */
    private static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new VigilException(CommonError.NOT_FOUND, "No such session");
        }
    }
}
