package dev.vigil.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresCredentialAccess;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Changing one's own password, knowing the current one. */
@Path("/api/v1/me/password")
@RunsToCompletion
@Tag(name = "Me")
@Produces(MediaType.APPLICATION_JSON)
public class PasswordChangeResource {

    private final PasswordService passwords;
    private final SecurityIdentity identity;

    public PasswordChangeResource(PasswordService passwords, SecurityIdentity identity) {
        this.passwords = passwords;
        this.identity = identity;
    }

    @POST
    @RequiresCredentialAccess
    @SecurityRequirement(name = "bearer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changePassword", summary = "Change the password; every other session ends")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "wrong-password or validation-failed")
    @APIResponse(responseCode = "401", description = "unauthorized")
    @APIResponse(responseCode = "403", description = "forbidden: an API key without the credentials scope")
    public Uni<RestResponse<Void>> change(@Valid @NotNull PasswordChangeRequest request,
            @Context HttpServerRequest http) {
        return passwords.change(Caller.of(identity), request.currentPassword(), request.newPassword(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
