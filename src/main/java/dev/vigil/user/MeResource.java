package dev.vigil.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.json.FreeText;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresCredentialAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/me")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class MeResource {

    private final ProfileService profiles;
    private final SecurityIdentity identity;

    public MeResource(ProfileService profiles, SecurityIdentity identity) {
        this.profiles = profiles;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "getMe", summary = "The caller's user with its account")
    @APIResponse(responseCode = "200", description = "User")
    public Uni<RestResponse<UserResponse>> me() {
        return profiles.me(Caller.of(identity))
                .map(RestResponse::ok);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateMe",
            summary = "Change some profile and account fields; absent fields stay as they are")
    @APIResponse(responseCode = "200", description = "The updated user")
    @APIResponse(responseCode = "400", description = "validation-failed (read-only, unknown or invalid fields; nothing changed)")
    @APIResponse(responseCode = "403", description = "forbidden: an email change with an API key without the credentials scope")
    @APIResponse(responseCode = "409", description = "invalid-state-transition")
    public Uni<RestResponse<UserResponse>> update(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MeUpdate.class)))
            @NotNull @FreeText(members = { "account.account_status_reason", "account.cancellation_reason" }) JsonNode body,
            @Context HttpServerRequest http) {
        return profiles.update(Caller.of(identity), body, ClientInfo.of(http))
                .map(RestResponse::ok);
    }

    @DELETE
    @RequiresCredentialAccess
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteMe", summary = "Delete the user, the account and everything they own")
    @APIResponse(responseCode = "204", description = "Deleted; every token of the user is dead")
    @APIResponse(responseCode = "400", description = "wrong-password")
    @APIResponse(responseCode = "403", description = "forbidden: an API key without the credentials scope")
    public Uni<RestResponse<Void>> delete(@Valid @NotNull DeleteUserRequest request, @Context HttpServerRequest http) {
        return profiles.delete(Caller.of(identity), request, ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
