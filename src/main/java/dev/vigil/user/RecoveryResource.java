package dev.vigil.user;

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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Email verification and a forgotten username (a forgotten password is the credentials' business). */
@PermitAll
@Path("/api/v1/auth")
@RunsToCompletion
@Tag(name = "Recovery")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    private final EmailVerificationService verification;
    private final UsernameReminderService usernameReminders;
    private final SecurityIdentity identity;

    public RecoveryResource(EmailVerificationService verification,
            UsernameReminderService usernameReminders, SecurityIdentity identity) {
        this.verification = verification;
        this.usernameReminders = usernameReminders;
        this.identity = identity;
    }

    @POST
    @Path("/verify-email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyEmail", summary = "Verify an email address with the token from the mailed link")
    @APIResponse(responseCode = "204", description = "Verified (a pending address replaces the old one)")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token or used-token")
    public Uni<RestResponse<Void>> verifyEmail(@Valid @NotNull TokenRequest request, @Context HttpServerRequest http) {
        return verification.verify(request.token(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/email-change/undo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "undoEmailChange",
            summary = "Undo an address change with the token from the notice to the old address (\"this wasn't me\")")
    @APIResponse(responseCode = "204", description = "The old address is back; every session and API key ended;"
            + " a reset link is on its way to the old address")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token or used-token")
    public Uni<RestResponse<Void>> undoEmailChange(@Valid @NotNull TokenRequest request,
            @Context HttpServerRequest http) {
        return verification.undoChange(request.token(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/verify-email/resend")
    @Authenticated
    @RateLimited(RateLimitKind.MAIL)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "resendVerification", summary = "Mail the verification link again")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "401", description = "unauthorized")
    @APIResponse(responseCode = "409", description = "already-verified")
    @APIResponse(responseCode = "429", description = "rate-limited: one mail a minute, and the mail throttles")
    public Uni<RestResponse<MessageResponse>> resendVerification() {
        return verification.resend(Caller.of(identity))
                .map(ignored -> RestResponse.accepted(new MessageResponse("A new verification link is on its way.")));
    }

    @POST
    @Path("/username/forgot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.MAIL)
    @Operation(operationId = "forgotUsername", summary = "Mail the username to the owner of an address; always 202")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "429", description = "rate-limited: too many requests from this IP or for this address")
    public Uni<RestResponse<MessageResponse>> forgotUsername(@Valid @NotNull ForgotUsernameRequest request) {
        return usernameReminders.remind(request.email())
                .map(ignored -> RestResponse.accepted(MessageResponse.MAIL_ON_ITS_WAY));
    }
}
