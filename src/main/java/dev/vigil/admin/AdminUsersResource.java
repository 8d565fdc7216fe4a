package dev.vigil.admin;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.security.RequiresAdminPin;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/admin/users")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class AdminUsersResource {

    private final AdminUserService admin;
    private final SecurityIdentity identity;

    public AdminUsersResource(AdminUserService admin, SecurityIdentity identity) {
        this.admin = admin;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "searchUsers",
            summary = "Search users: q is a case-insensitive substring of username, email or display name")
    @APIResponse(responseCode = "200", description = "A page of users")
    @APIResponse(responseCode = "400", description = "validation-failed (a filter, sort, page or size)")
    public Uni<RestResponse<Page<AdminUserSummary>>> list(@RestQuery String q, @RestQuery String status,
            @RestQuery String role, @RestQuery String verified, @RestQuery String tier, @RestQuery String sort,
            @Valid @BeanParam PageParams page) {
        return admin.list(q, status, role, verified, tier, sort, page)
                .map(RestResponse::ok);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getUser", summary = "One user with account, check-in state, lockout and ban")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<AdminUserDetail>> detail(@PathParam("id") UUID id) {
        return admin.detail(id)
                .map(RestResponse::ok);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "updateUser",
            summary = "Change roles (superusers only), email_verified and the account's subscription fields")
    @APIResponse(responseCode = "200", description = "The user as it is now")
    @APIResponse(responseCode = "400", description = "validation-failed (any other field; nothing changed)")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<AdminUserDetail>> update(@PathParam("id") UUID id,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AdminUserUpdate.class)))
            @NotNull JsonNode body,
            @Context HttpServerRequest http) {
        return Uni.createFrom().item(() -> AdminUserPatch.parse(body))
                .chain(patch -> admin.update(actor(http), id, patch))
                .map(RestResponse::ok);
    }

    @POST
    @Path("/{id}/ban")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "banUser",
            summary = "Ban the user until a time or for good; sessions end and the user is told")
    @APIResponse(responseCode = "204", description = "Banned")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden (yourself, another admin)")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<Void>> ban(@PathParam("id") UUID id, @Valid @NotNull BanRequest request,
            @Context HttpServerRequest http) {
        return admin.ban(actor(http), id, request)
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/unban")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "unbanUser", summary = "Lift a ban")
    @APIResponse(responseCode = "204", description = "Not banned (any more)")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<Void>> unban(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return admin.unban(actor(http), id)
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/unlock")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "unlockUser", summary = "Lift a lockout and reset the failure count")
    @APIResponse(responseCode = "204", description = "Not locked (any more)")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<Void>> unlock(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return admin.unlock(actor(http), id)
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/reauthorize")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "reauthorizeUser", summary = "Turn a released (fulfilled) account back to active")
    @APIResponse(responseCode = "204", description = "Active again")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "invalid-state-transition (the account is not released)")
    public Uni<RestResponse<Void>> reauthorize(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return admin.reauthorize(actor(http), id)
                .map(ignored -> RestResponse.noContent());
    }

    @DELETE
    @Path("/{id}")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "deleteUser", summary = "Delete the user, the account and everything they own")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden (yourself, another admin)")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return admin.delete(actor(http), id)
                .map(ignored -> RestResponse.noContent());
    }

    private Actor actor(HttpServerRequest http) {
        return Actor.of(identity, ClientInfo.of(http));
    }
}
