package dev.vigil.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresAdminPin;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/admin/invites")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class AdminInvitesResource {

    private final InviteService invites;
    private final SecurityIdentity identity;

    public AdminInvitesResource(InviteService invites, SecurityIdentity identity) {
        this.invites = invites;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "createInvite",
            summary = "Invite an address: it gets a link to register (verified) even in invite-only mode")
    @APIResponse(responseCode = "201", description = "{id, email, expires_at}",
            content = @Content(schema = @Schema(implementation = InviteResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    public Uni<RestResponse<InviteResponse>> invite(@Valid @NotNull InviteRequest request) {
        return invites.invite(Caller.of(identity).userId(), request.email())
                .map(invite -> RestResponse.status(RestResponse.Status.CREATED, invite));
    }
}
