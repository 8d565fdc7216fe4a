package dev.vigil.auth;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
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

/** The caller's passkeys: add one (options, then the browser's answer), list them, remove one. */
@Path("/api/v1/me/passkeys")
@RunsToCompletion
@Tag(name = "Me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "unauthorized")
public class PasskeysResource {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final Passkeys passkeys;
    private final SecurityIdentity identity;

    public PasskeysResource(Passkeys passkeys, SecurityIdentity identity) {
        this.passkeys = passkeys;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listPasskeys", summary = "The caller's passkeys, oldest first")
    @APIResponse(responseCode = "200", description = "A page of passkeys")
    @APIResponse(responseCode = "400", description = "validation-failed (page or size out of range)")
    public Uni<RestResponse<Page<PasskeyResponse>>> list(@Valid @BeanParam PageParams page) {
        return passkeys.list(Caller.of(identity).userId(), page)
                .map(RestResponse::ok);
    }

    @POST
    @Path("/options")
    @RequiresCredentialAccess
    @Operation(operationId = "passkeyRegistrationOptions",
            summary = "Start adding a passkey: WebAuthn creation options and a challenge valid for five minutes")
    @APIResponse(responseCode = "200", description = "Creation options; exclude_credentials lists the passkeys the"
            + " caller already has",
            content = @Content(schema = @Schema(implementation = PasskeyCreationOptionsResponse.class)))
    @APIResponse(responseCode = "403", description = "verification-required: the email address is not verified yet;"
            + " forbidden: an API key without the credentials scope")
    public Uni<RestResponse<PasskeyCreationOptionsResponse>> options() {
        return passkeys.registrationOptions(Caller.of(identity).userId())
                .map(RestResponse::ok);
    }

    @POST
    @RequiresCredentialAccess
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addPasskey", summary = "Add a passkey with the browser's answer to the creation options")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(schema = @Schema(implementation = PasskeyCreatedResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid-code: the attestation does not verify, the challenge is"
            + " used or expired, or the passkey is already registered; validation-failed")
    @APIResponse(responseCode = "403", description = "verification-required: the email address is not verified yet;"
            + " forbidden: an API key without the credentials scope")
    public Uni<RestResponse<PasskeyCreatedResponse>> add(@Valid @NotNull PasskeyRegistrationRequest request,
            @Context HttpServerRequest http) {
        return passkeys.register(Caller.of(identity).userId(), request.challengeId(), request.name(),
                        request.credential(), ClientInfo.of(http))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @DELETE
    // Only a UUID-shaped segment: the literal sibling /options must not also match this template
    // (OPTIONS and 405 would list DELETE there). Anything else is not routed: 404, like an unknown id.
    @Path("/{id: " + UUID_PATTERN + "}")
    @RequiresCredentialAccess
    @Operation(operationId = "removePasskey", summary = "Remove one of the caller's passkeys")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "forbidden: an API key without the credentials scope")
    @APIResponse(responseCode = "404", description = "not-found: the caller has no passkey of this id")
    @APIResponse(responseCode = "409", description = "invalid-state-transition: the last passkey of a user without a"
            + " password")
    public Uni<RestResponse<Void>> remove(@RestPath String id, @Context HttpServerRequest http) {
        return passkeys.remove(Caller.of(identity).userId(), passkeyId(id), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    /** The path's pattern lets only UUID shapes through; one that still does not parse names no passkey. */
    private static UUID passkeyId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new VigilException(CommonError.NOT_FOUND, "No such passkey");
        }
    }
}
