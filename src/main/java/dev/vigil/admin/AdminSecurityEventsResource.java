package dev.vigil.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.audit.AdminSecurityEventResponse;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/admin/security-events")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class AdminSecurityEventsResource {

    private final AdminAuditService audit;

    public AdminSecurityEventsResource(AdminAuditService audit) {
        this.audit = audit;
    }

    @GET
    @Operation(operationId = "listAllSecurityEvents",
            summary = "Security events of every user, newest first, with user_id and actor_id")
    @APIResponse(responseCode = "200", description = "A page of events")
    @APIResponse(responseCode = "400", description = "validation-failed (user_id, type, since, page or size)")
    public Uni<RestResponse<Page<AdminSecurityEventResponse>>> list(@RestQuery("user_id") String userId,
            @RestQuery String type, @RestQuery String since, @Valid @BeanParam PageParams page) {
        return audit.events(userId, type, since, page)
                .map(RestResponse::ok);
    }
}
