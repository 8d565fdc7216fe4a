package dev.vigil.checkin;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import io.smallrye.mutiny.Uni;

/** A trusted contact's answer to a consent request, without an account. */
@PermitAll
@Path("/api/v1/trusted-contacts/confirm")
@RunsToCompletion
@Tag(name = "Check-in")
@Produces(MediaType.APPLICATION_JSON)
public class ContactConsentResource {

    private final TrustedContactService contacts;

    public ContactConsentResource(TrustedContactService contacts) {
        this.contacts = contacts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "answerContactConsent",
            summary = "Accept or decline being a trusted contact, with the token from the consent request")
    @APIResponse(responseCode = "204", description = "Answered; the user is told")
    @APIResponse(responseCode = "400", description = "validation-failed (answer), invalid-token, expired-token or used-token")
    public Uni<RestResponse<Void>> confirm(@Valid @NotNull ContactConsentRequest request) {
        return contacts.confirm(request.token(), request.answer())
                .map(ignored -> RestResponse.<Void>noContent());
    }
}
