package dev.vigil.audit;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/me/security-events")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class SecurityEventsResource {

    private final SecurityEvents events;
    private final SecurityIdentity identity;

    public SecurityEventsResource(SecurityEvents events, SecurityIdentity identity) {
        this.events = events;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listMySecurityEvents", summary = "What happened to the caller's user, newest first")
    @APIResponse(responseCode = "200", description = "A page of security events")
    @APIResponse(responseCode = "400", description = "validation-failed (page or size out of range)")
    public Uni<Page<SecurityEventResponse>> list(@Valid @BeanParam PageParams page) {
        return events.pageOf(Caller.of(identity).userId(), page);
    }
}
