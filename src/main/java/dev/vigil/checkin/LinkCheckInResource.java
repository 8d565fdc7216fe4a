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

/** Checking in with the token of a reminder link, without signing in. */
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
}
