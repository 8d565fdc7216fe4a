package dev.vigil.admin;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.RequiresAdminPin;
import dev.vigil.notify.OutboxAdminService;
import dev.vigil.notify.OutboxAdminService.OutboxEntry;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/admin/outbox")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class AdminOutboxResource {

    private final OutboxAdminService outbox;

    public AdminOutboxResource(OutboxAdminService outbox) {
        this.outbox = outbox;
    }

    @GET
    @Operation(operationId = "listOutbox",
            summary = "Outgoing messages, newest first, optionally of one status (pending, sending, sent, dead)")
    @APIResponse(responseCode = "200", description = "A page of messages (where they go and how they fared)")
    @APIResponse(responseCode = "400", description = "validation-failed")
    public Uni<RestResponse<Page<OutboxEntry>>> list(@RestQuery String status, @Valid @BeanParam PageParams page) {
        return outbox.list(status, page)
                .map(RestResponse::ok);
    }

    @POST
    @Path("/{id}/retry")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "retryOutboxMessage", summary = "Give a dead message a fresh set of attempts, now")
    @APIResponse(responseCode = "204", description = "Queued again")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "the message is not dead")
    public Uni<RestResponse<Void>> retry(@PathParam("id") UUID id) {
        return outbox.retry(id)
                .map(ignored -> RestResponse.noContent());
    }
}
