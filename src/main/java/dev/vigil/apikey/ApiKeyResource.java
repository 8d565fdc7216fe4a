package dev.vigil.apikey;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresCredentialAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/me/api-keys")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class ApiKeyResource {

    private final ApiKeyService apiKeys;
    private final SecurityIdentity identity;

    public ApiKeyResource(ApiKeyService apiKeys, SecurityIdentity identity) {
        this.apiKeys = apiKeys;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "The caller's API keys, newest first (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "A page of API keys")
    @APIResponse(responseCode = "400", description = "validation-failed (page or size out of range)")
    public Uni<Page<ApiKeyResponse>> list(@Valid @BeanParam PageParams page) {
        return apiKeys.list(Caller.of(identity), page);
    }

    @POST
    @RequiresCredentialAccess
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Create an API key; the key is in this response only")
    @APIResponse(responseCode = "201", description = "The new key",
            content = @Content(schema = @Schema(implementation = ApiKeyCreatedResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed (name, expires_at in the past, unknown scope)")
    @APIResponse(responseCode = "403", description = "forbidden: an API key without the credentials scope")
    @APIResponse(responseCode = "409", description = "limit-reached")
    public Uni<RestResponse<ApiKeyCreatedResponse>> create(@Valid @NotNull ApiKeyCreateRequest request,
            @Context HttpServerRequest http) {
        return apiKeys.create(Caller.of(identity), request, ClientInfo.of(http))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey",
            summary = "Revoke one of the caller's API keys; it stops working with the next request")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "not-found (also for another user's key)")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return apiKeys.revoke(Caller.of(identity), id, ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
