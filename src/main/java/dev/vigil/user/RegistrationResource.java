package dev.vigil.user;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import io.smallrye.mutiny.Uni;

@PermitAll
@Path("/api/v1/auth")
@RunsToCompletion
@Tag(name = "Registration")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    static final String ACCEPTED = "Thanks. If this address can be used, a message is on its way to it.";

    private final RegistrationService registrations;

    public RegistrationResource(RegistrationService registrations) {
        this.registrations = registrations;
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.REGISTRATION)
    @Operation(operationId = "register",
            summary = "Register a user; the same answer whether or not the email is already registered")
    @APIResponse(responseCode = "202", description = "Accepted; a verification mail (or a notice to the owner) is queued",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "403", description = "invite-required")
    @APIResponse(responseCode = "409", description = "username-taken")
    @APIResponse(responseCode = "429", description = "rate-limited: too many registrations from this IP or for this address")
    public Uni<RestResponse<MessageResponse>> register(@NotNull RegistrationRequest request) {
        return registrations.register(request)
                .map(ignored -> RestResponse.accepted(new MessageResponse(ACCEPTED)));
    }

    @GET
    @Path("/username-available")
    @Operation(operationId = "checkUsernameAvailable", summary = "Whether a username can still be registered")
    @APIResponse(responseCode = "200", description = "Availability")
    @APIResponse(responseCode = "400", description = "validation-failed")
    public Uni<RestResponse<UsernameAvailabilityResponse>> usernameAvailable(@QueryParam("username") String username) {
        return registrations.usernameAvailability(username)
                .map(RestResponse::ok);
    }
}
