package dev.vigil.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The admin's own PIN. Changing it changes a credential, so besides the admin role it needs credential
 * access (a login, or an API key scoped {@code credentials}); Quarkus takes one security annotation per
 * endpoint, so the service checks that part.
 */
@Path("/api/v1/me/admin-pin")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden: not an admin, or an API key without the credentials scope")
public class AdminPinResource {

    private final AdminPinService pins;
    private final SecurityIdentity identity;

    public AdminPinResource(AdminPinService pins, SecurityIdentity identity) {
        this.pins = pins;
        this.identity = identity;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setAdminPin",
            summary = "Set or replace the admin PIN (6-12 digits) that every admin write then needs in X-Admin-Pin;"
            + " a lock of the old PIN ends")
    @APIResponse(responseCode = "204", description = "Set")
    @APIResponse(responseCode = "400", description = "wrong-password or validation-failed")
    public Uni<RestResponse<Void>> set(@Valid @NotNull AdminPinRequest request) {
        return pins.set(Caller.of(identity), request)
                .map(ignored -> RestResponse.noContent());
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "removeAdminPin", summary = "Remove the admin PIN")
    @APIResponse(responseCode = "204", description = "Removed (or there was none)")
    @APIResponse(responseCode = "400", description = "wrong-password or validation-failed")
    public Uni<RestResponse<Void>> remove(@Valid @NotNull AdminPinRemoval request) {
        return pins.remove(Caller.of(identity), request)
                .map(ignored -> RestResponse.noContent());
    }
}
