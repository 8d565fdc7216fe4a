package dev.vigil.user;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import io.smallrye.mutiny.Uni;

@PermitAll
@Path("/api/v1/users")
@RunsToCompletion
@Tag(name = "Users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final ProfileService profiles;

    public UserResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    @Path("/{username}")
    @Operation(operationId = "getPublicProfile", summary = "A user's public profile")
    @APIResponse(responseCode = "200", description = "username, display_name, created_at")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<RestResponse<PublicProfileResponse>> publicProfile(@PathParam("username") String username) {
        return profiles.publicProfile(username)
                .map(RestResponse::ok);
    }
}
