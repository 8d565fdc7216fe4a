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

/**
 * Without signing in: checking in with the token of a reminder link, and a trusted contact vouching
 * for the user with the token of an "are they OK?" message.
 */
@PermitAll
@Path("/api/v1/check-in")
@RunsToCompletion
@Tag(name = "Check-in")
@Produces(MediaType.APPLICATION_JSON)
public class LinkCheckInResource {

    private final CheckInService checkIns;

    public LinkCheckInResource(CheckInService checkIns) {
        this.checkIns = checkIns;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkInWithLink", summary = "Check in with the token from a reminder link")
    @APIResponse(responseCode = "200", description = "Check-in state")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token (its deadline was replaced) or used-token")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (paused or released)")
    public Uni<RestResponse<CheckInResponse>> checkIn(@Valid @NotNull CheckInTokenRequest request) {
        return checkIns.checkInWithToken(request.token())
                .map(RestResponse::ok);
    }

    @POST
    @Path("/vouch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "vouchWithLink",
            summary = "A trusted contact reached the user: the release moves one grace period later, once per"
                    + " contact and deadline")
    @APIResponse(responseCode = "204", description = "Postponed; the user is told")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token (the user checked in since) or used-token")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (released already)")
    public Uni<RestResponse<Void>> vouch(@Valid @NotNull CheckInTokenRequest request) {
        return checkIns.vouch(request.token())
                .map(ignored -> RestResponse.<Void>noContent());
    }
}
