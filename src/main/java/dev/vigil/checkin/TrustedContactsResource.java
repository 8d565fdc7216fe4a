package dev.vigil.checkin;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/me/trusted-contacts")
@RunsToCompletion
@Tag(name = "Check-in")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class TrustedContactsResource {

    private final TrustedContactService contacts;
    private final SecurityIdentity identity;

    public TrustedContactsResource(TrustedContactService contacts, SecurityIdentity identity) {
        this.contacts = contacts;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listTrustedContacts", summary = "The caller's trusted contacts, oldest first")
    @APIResponse(responseCode = "200", description = "A page of trusted contacts")
    @APIResponse(responseCode = "400", description = "validation-failed (page or size out of range)")
    public Uni<RestResponse<Page<TrustedContactResponse>>> list(@Valid @BeanParam PageParams page) {
        return contacts.list(Caller.of(identity).userId(), page)
                .map(RestResponse::ok);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addTrustedContact",
            summary = "Add a trusted contact (told with their message when the switch is released)")
    @APIResponse(responseCode = "201", description = "The contact with its id",
            content = @Content(schema = @Schema(implementation = TrustedContactResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed (name, and an email or phone, are required)")
    @APIResponse(responseCode = "409", description = "limit-reached")
    public Uni<RestResponse<TrustedContactResponse>> add(@Valid @NotNull TrustedContactRequest request) {
        return contacts.add(Caller.of(identity).userId(), request)
                .map(contact -> RestResponse.status(RestResponse.Status.CREATED, contact));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "removeTrustedContact", summary = "Remove a trusted contact")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "not-found (unknown or another user's)")
    public Uni<RestResponse<Void>> remove(@PathParam("id") String id) {
        UUID contactId;
        try {
            contactId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new VigilException(CommonError.NOT_FOUND, "No such trusted contact");
        }
        return contacts.remove(Caller.of(identity).userId(), contactId)
                .map(ignored -> RestResponse.noContent());
    }
}
