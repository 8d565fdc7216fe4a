package dev.vigil.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import dev.vigil.user.MessageResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The way back into an account through a mailed reset link. */
@PermitAll
@Path("/api/v1/auth/password")
@RunsToCompletion
@Tag(name = "Recovery")
@Produces(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

    private final PasswordService passwords;

    public PasswordResetResource(PasswordService passwords) {
        this.passwords = passwords;
    }

    @POST
    @Path("/forgot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.MAIL)
    @Operation(operationId = "forgotPassword",
            summary = "Mail a password reset link; the same answer whether or not the login exists")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "429", description = "rate-limited: too many requests from this IP or for this login")
    public Uni<RestResponse<MessageResponse>> forgot(@Valid @NotNull ForgotPasswordRequest request) {
        return passwords.forgot(request.login())
                .map(ignored -> RestResponse.accepted(MessageResponse.MAIL_ON_ITS_WAY));
    }

    @POST
    @Path("/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resetPassword", summary = "Set a new password with a reset token; every session ends")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token, used-token or validation-failed")
    public Uni<RestResponse<Void>> reset(@Valid @NotNull PasswordResetRequest request,
            @Context HttpServerRequest http) {
        return passwords.reset(request.token(), request.newPassword(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
