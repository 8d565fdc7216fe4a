package dev.vigil.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;

@PermitAll
@Path("/.well-known/jwks.json")
@RunsToCompletion
@Tag(name = "Authentication")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJwks", summary = "Public keys that verify Vigil's access tokens")
    public RestResponse<String> jwks() {
        return RestResponse.ResponseBuilder.ok(keys.jwks())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
