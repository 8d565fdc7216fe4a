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
import dev.vigil.user.MessageResponse;
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
            summary = "Add a trusted contact: they are asked to consent, and once they accept they are asked to"
                    + " check on the user in grace and receive their message at release")
    @APIResponse(responseCode = "201", description = "The contact with its id",
            content = @Content(schema = @Schema(implementation = TrustedContactResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed (name, and an email or phone, are required)")
    @APIResponse(responseCode = "409", description = "limit-reached")
    public Uni<RestResponse<TrustedContactResponse>> add(@Valid @NotNull TrustedContactRequest request) {
        return contacts.add(Caller.of(identity).userId(), request)
                .map(contact -> RestResponse.status(RestResponse.Status.CREATED, contact));
    }

    @POST
    @Path("/{id}/consent-request")
    @Operation(operationId = "resendContactConsent",
            summary = "Send the contact a new consent request (the older link stops working)")
    @APIResponse(responseCode = "202", description = "The request is queued",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "404", description = "not-found (unknown or another user's)")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (the contact accepted already)")
    @APIResponse(responseCode = "429", description = "rate-limited: one request per contact per vigil.check-in.consent-resend-every")
    public Uni<RestResponse<MessageResponse>> resendConsent(@PathParam("id") String id) {
        return contacts.resendConsent(Caller.of(identity).userId(), contactId(id))
                .map(ignored -> RestResponse.accepted(new MessageResponse("A new request is on its way to the contact.")));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "removeTrustedContact", summary = "Remove a trusted contact")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "not-found (unknown or another user's)")
    public Uni<RestResponse<Void>> remove(@PathParam("id") String id) {
        return contacts.remove(Caller.of(identity).userId(), contactId(id))
                .map(ignored -> RestResponse.noContent());
    }

    /** A path id that is not a UUID names no contact: 404 like an unknown one. */
    private static UUID contactId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new VigilException(CommonError.NOT_FOUND, "No such trusted contact");
        }
    }
}
