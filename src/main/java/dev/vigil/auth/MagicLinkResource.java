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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import dev.vigil.user.MessageResponse;
import dev.vigil.user.TokenRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in without a password: a one-time link mailed to the account's address. */
@PermitAll
@Path("/api/v1/auth/magic-link")
@RunsToCompletion
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class MagicLinkResource {

    private final MagicLinkRequests requests;
    private final LoginService logins;
    private final AuthMetrics metrics;

    public MagicLinkResource(MagicLinkRequests requests, LoginService logins, AuthMetrics metrics) {
        this.requests = requests;
        this.logins = logins;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.MAIL)
    @Operation(operationId = "requestMagicLink",
            summary = "Mail a one-time sign-in link; the same answer whether or not the address has an account")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "429", description = "rate-limited: too many requests from this IP or for this address")
    public Uni<RestResponse<MessageResponse>> request(@Valid @NotNull MagicLinkRequest request) {
        return requests.request(request.email())
                .map(ignored -> RestResponse.accepted(MessageResponse.MAIL_ON_ITS_WAY));
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyMagicLink",
            summary = "Sign in with the token of a mailed sign-in link; verifies the address")
    @APIResponse(responseCode = "200", description = "Token pair, or {mfa_required: true, mfa_token} when TOTP is on")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token, used-token or validation-failed")
    @APIResponse(responseCode = "403", description = "account-banned or account-released")
    @APIResponse(responseCode = "423", description = "account-locked")
    public Uni<RestResponse<LoginResponse>> verify(@Valid @NotNull TokenRequest request,
            @Context HttpServerRequest http) {
        return logins.loginWithMagicLink(request.token(), ClientInfo.of(http))
                .onItemOrFailure().invoke(metrics::loginFinished)
                .map(RestResponse::ok);
    }
}
