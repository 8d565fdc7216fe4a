package dev.vigil.checkin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import dev.vigil.user.MessageResponse;
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

    @POST
    @Path("/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "snoozeCheckIn",
            summary = "No reminders and no release until `until`; the clock then restarts from there")
    @APIResponse(responseCode = "200", description = "Check-in state, status snoozed")
    @APIResponse(responseCode = "400", description = "validation-failed (until in the past or beyond vigil.check-in.max-snooze)")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (disabled, paused or released)")
    public Uni<RestResponse<CheckInResponse>> snooze(@Valid @NotNull SnoozeRequest request) {
        return checkIns.snooze(Caller.of(identity).userId(), request)
                .map(RestResponse::ok);
    }

    @DELETE
    @Path("/snooze")
    @Operation(operationId = "endCheckInSnooze", summary = "End a snooze; the clock restarts now")
    @APIResponse(responseCode = "200", description = "Check-in state")
    public Uni<RestResponse<CheckInResponse>> endSnooze() {
        return checkIns.endSnooze(Caller.of(identity).userId())
                .map(RestResponse::ok);
    }

    @POST
    @Path("/test-release")
    @Operation(operationId = "testCheckInRelease",
            summary = "Mail the caller what each accepted contact and the webhook would receive on release;"
                    + " nothing reaches them")
    @APIResponse(responseCode = "202", description = "The test mail is queued",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "409", description = "invalid-state-transition (disabled or released)")
    public Uni<RestResponse<MessageResponse>> testRelease() {
        return checkIns.testRelease(Caller.of(identity).userId())
                .map(ignored -> RestResponse.accepted(
                        new MessageResponse("A test mail is on its way to you; nobody else receives anything.")));
    }
}
