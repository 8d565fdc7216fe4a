package dev.vigil.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import dev.vigil.common.security.RequiresCredentialAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/me/mfa/totp")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class MfaResource {

    private final TotpService totp;
    private final SecurityIdentity identity;

    public MfaResource(TotpService totp, SecurityIdentity identity) {
        this.totp = totp;
        this.identity = identity;
    }

    @POST
    @RequiresCredentialAccess
    @Operation(operationId = "enrolTotp",
            summary = "Start TOTP enrolment: a new secret for an authenticator app, not active until confirmed")
    @APIResponse(responseCode = "201", description = "{secret, otpauth_uri}; the secret is never shown again",
            content = @Content(schema = @Schema(implementation = TotpEnrolmentResponse.class)))
    @APIResponse(responseCode = "409", description = "invalid-state-transition: TOTP is already on")
    public Uni<RestResponse<TotpEnrolmentResponse>> enrol() {
        return totp.enrol(Caller.of(identity).userId())
                .map(enrolment -> RestResponse.status(RestResponse.Status.CREATED, enrolment));
    }

    @POST
    @RequiresCredentialAccess
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmTotp", summary = "Turn TOTP on with a code from the new authenticator")
    @APIResponse(responseCode = "200", description = "{recovery_codes}: ten single-use codes, shown once")
    @APIResponse(responseCode = "400", description = "invalid-code or validation-failed")
    @APIResponse(responseCode = "409", description = "invalid-state-transition: no enrolment waiting")
    public Uni<RestResponse<RecoveryCodesResponse>> confirm(@Valid @NotNull TotpConfirmRequest request,
            @Context HttpServerRequest http) {
        return totp.confirm(Caller.of(identity).userId(), request.code(), ClientInfo.of(http))
                .map(RestResponse::ok);
    }

    @DELETE
    @RequiresCredentialAccess
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "disableTotp", summary = "Turn TOTP off; the recovery codes stop working")
    @APIResponse(responseCode = "204", description = "Off")
    @APIResponse(responseCode = "400", description = "wrong-password or validation-failed")
    public Uni<RestResponse<Void>> disable(@Valid @NotNull TotpDisableRequest request,
            @Context HttpServerRequest http) {
        return totp.disable(Caller.of(identity).userId(), request.password(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
