package dev.vigil.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in with a passkey: request options, then the browser's signed answer. */
@PermitAll
@Path("/api/v1/auth/passkeys/login")
@RunsToCompletion
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyLoginResource {

    private final LoginService logins;
    private final AuthMetrics metrics;

    public PasskeyLoginResource(LoginService logins, AuthMetrics metrics) {
        this.logins = logins;
        this.metrics = metrics;
    }

    @POST
    @Path("/options")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.LOGIN)
    @Operation(operationId = "passkeyLoginOptions",
            summary = "Start a passkey sign-in: WebAuthn request options and a challenge valid for five minutes")
    @APIResponse(responseCode = "200", description = "Request options; allow_credentials is empty unless login named a"
            + " user with passkeys (then any of theirs may answer)")
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "429", description = "rate-limited: too many logins from this IP")
    public Uni<RestResponse<PasskeyRequestOptionsResponse>> options(@Valid @NotNull PasskeyLoginOptionsRequest request) {
        return logins.passkeyOptions(request.login())
                .map(RestResponse::ok);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.LOGIN)
    @Operation(operationId = "passkeyLogin",
            summary = "Sign in with a passkey; it satisfies the second factor, so no TOTP code is asked for")
    @APIResponse(responseCode = "200", description = "Token pair")
    @APIResponse(responseCode = "400", description = "validation-failed: the credential is not a readable PublicKeyCredential")
    @APIResponse(responseCode = "401", description = "invalid-credentials: unknown, used or expired challenge, or a"
            + " passkey that does not verify (counts as a failed login)")
    @APIResponse(responseCode = "403", description = "account-banned or account-released")
    @APIResponse(responseCode = "423", description = "account-locked")
    @APIResponse(responseCode = "429", description = "rate-limited: too many logins from this IP")
    public Uni<RestResponse<TokenPair>> login(@Valid @NotNull PasskeyLoginRequest request,
            @Context HttpServerRequest http) {
        return logins.loginWithPasskey(request.challengeId(), request.credential(), ClientInfo.of(http))
                .onItemOrFailure().invoke(metrics::loginFinished)
                .map(RestResponse::ok);
    }
}
