package dev.vigil.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import dev.vigil.common.security.RequiresAdminPin;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/admin/signing-keys")
@RunsToCompletion
@Tag(name = "Admin")
@RolesAllowed(Roles.SUPERUSER)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not a superuser)")
public class AdminSigningKeysResource {

    private final AdminSigningKeyService signingKeys;
    private final SecurityIdentity identity;

    public AdminSigningKeysResource(AdminSigningKeyService signingKeys, SecurityIdentity identity) {
        this.signingKeys = signingKeys;
        this.identity = identity;
    }

    @POST
    @Path("/rotate")
    @RequiresAdminPin
    @Parameter(name = RequiresAdminPin.HEADER, in = ParameterIn.HEADER, description = RequiresAdminPin.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @Operation(operationId = "rotateSigningKey",
            summary = "Make a new token signing key: published at once, signing after the publication delay;"
            + " the current key stays published until its last token expired")
    @APIResponse(responseCode = "201", description = "{kid, signs_from, replaces_kid}: the new key",
            content = @Content(schema = @Schema(implementation = SigningKeyRotationResponse.class)))
    @APIResponse(responseCode = "200", description = "A key made earlier still waits to sign: that one",
            content = @Content(schema = @Schema(implementation = SigningKeyRotationResponse.class)))
    @APIResponse(responseCode = "403", description = "admin-pin-required, or forbidden")
    @APIResponse(responseCode = "409", description = "invalid-state-transition: the key comes from vigil.tokens.signing-key-file")
    public Uni<RestResponse<SigningKeyRotationResponse>> rotate(@Context HttpServerRequest http) {
        return signingKeys.rotate(Actor.of(identity, ClientInfo.of(http)))
                .map(rotation -> RestResponse.status(rotation.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        SigningKeyRotationResponse.of(rotation)));
    }
}
