package dev.vigil.apikey;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresAdminPin;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Service keys: API keys of service principals (internal callers), managed by admins. */
@Path("/api/v1/admin/service-keys")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class ServiceKeyResource {

    private final ApiKeyService apiKeys;
    private final SecurityIdentity identity;

    public ServiceKeyResource(ApiKeyService apiKeys, SecurityIdentity identity) {
        this.apiKeys = apiKeys;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listServiceKeys", summary = "Every service key, newest first (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "A page of service keys")
    public Uni<Page<ApiKeyResponse>> list(@Valid @BeanParam PageParams page) {
        return apiKeys.listServices(page);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "createServiceKey",
            summary = "Create a service key (a service principal whose id is the key's id)")
    @APIResponse(responseCode = "201", description = "The new key; shown only here",
            content = @Content(schema = @Schema(implementation = ApiKeyCreatedResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden: not an admin, or an API key"
            + " without the credentials scope")
    public Uni<RestResponse<ApiKeyCreatedResponse>> create(@Valid @NotNull ApiKeyCreateRequest request,
            @Context HttpServerRequest http) {
        return apiKeys.createService(Caller.of(identity), request, ClientInfo.of(http))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @DELETE
    @Path("/{id}")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "revokeServiceKey", summary = "Revoke a service key")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return apiKeys.revokeService(Caller.of(identity), id, ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
