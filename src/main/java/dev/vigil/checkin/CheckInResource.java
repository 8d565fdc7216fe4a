package dev.vigil.checkin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/me/check-in")
@RunsToCompletion
@Tag(name = "Check-in")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class CheckInResource {

    private final CheckInService checkIns;
    private final SecurityIdentity identity;

    public CheckInResource(CheckInService checkIns, SecurityIdentity identity) {
        this.checkIns = checkIns;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "getCheckIn", summary = "The caller's check-in state (disabled until the first PUT)")
    @APIResponse(responseCode = "200", description = "Check-in state")
    public Uni<RestResponse<CheckInResponse>> state() {
        return checkIns.state(Caller.of(identity).userId())
                .map(RestResponse::ok);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "configureCheckIn",
            summary = "Turn the switch on or off; turning it on starts the clock now")
    @APIResponse(responseCode = "200", description = "Check-in state")
    @APIResponse(responseCode = "400", description = "validation-failed (interval below vigil.check-in.min-interval, bad duration)")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (released)")
    public Uni<RestResponse<CheckInResponse>> configure(@Valid @NotNull CheckInRequest request) {
        return checkIns.configure(Caller.of(identity).userId(), request)
                .map(RestResponse::ok);
    }

    @POST
    @Operation(operationId = "checkIn", summary = "Check in: the next deadline is one interval from now")
    @APIResponse(responseCode = "200", description = "Check-in state")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (disabled, paused or released)")
    public Uni<RestResponse<CheckInResponse>> checkIn() {
        return checkIns.checkIn(Caller.of(identity).userId())
                .map(RestResponse::ok);
    }
}
