package dev.vigil.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.common.json.RequestBodyMapper;
import dev.vigil.common.security.Caller;
import dev.vigil.common.security.RequiresCredentialAccess;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@PermitAll
@Path("/api/v1/auth")
@RunsToCompletion
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final LoginService logins;
    private final SessionService sessions;
    private final SecurityIdentity identity;
    private final AuthMetrics metrics;
    /** Reads logout-all's optional body by the same rules as every other request body. */
    private final ObjectMapper json;

    public AuthResource(LoginService logins, SessionService sessions, SecurityIdentity identity, AuthMetrics metrics,
            ObjectMapper json) {
        this.json = RequestBodyMapper.strict(json);
        this.logins = logins;
        this.sessions = sessions;
        this.identity = identity;
        this.metrics = metrics;
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.LOGIN)
    @Operation(operationId = "login", summary = "Log in with a username or email and a password")
    @APIResponse(responseCode = "200", description = "Token pair, or {mfa_required: true, mfa_token} when TOTP is on")
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "401", description = "invalid-credentials")
    @APIResponse(responseCode = "403", description = "account-banned or account-released")
    @APIResponse(responseCode = "423", description = "account-locked")
    @APIResponse(responseCode = "429", description = "rate-limited: too many logins from this IP or for this login")
    public Uni<RestResponse<LoginResponse>> login(@Valid @NotNull LoginRequest request,
            @Context HttpServerRequest http) {
        return logins.login(request.login(), request.password(), ClientInfo.of(http))
                .onItemOrFailure().invoke(metrics::loginFinished)
                .map(RestResponse::ok);
    }

    @POST
    @Path("/login/mfa")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitKind.LOGIN)
    @Operation(operationId = "loginMfa",
            summary = "Complete a TOTP login with a code from the authenticator or a recovery code")
    @APIResponse(responseCode = "200", description = "Token pair")
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "401", description = "invalid-code (counts as a failed login) or invalid-token")
    @APIResponse(responseCode = "403", description = "account-banned or account-released")
    @APIResponse(responseCode = "423", description = "account-locked")
    @APIResponse(responseCode = "429", description = "rate-limited: too many login attempts from this IP")
    public Uni<RestResponse<TokenPair>> loginMfa(@Valid @NotNull MfaLoginRequest request,
            @Context HttpServerRequest http) {
        return logins.completeMfa(request.mfaToken(), request.code(), ClientInfo.of(http))
                .onItemOrFailure().invoke(metrics::loginFinished)
                .map(RestResponse::ok);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refresh", summary = "Exchange a refresh token for a new token pair in the same session")
    @APIResponse(responseCode = "200", description = "Token pair; the presented refresh token is spent. Presented again"
            + " within vigil.tokens.refresh-reuse-grace, it gets the same new refresh token")
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "401", description = "invalid-token; a spent token (after the reuse grace) also revokes"
            + " its session")
    public Uni<RestResponse<TokenPair>> refresh(@Valid @NotNull RefreshRequest request,
            @Context HttpServerRequest http) {
        return sessions.refresh(request.refreshToken(), ClientInfo.of(http))
                .map(RestResponse::ok);
    }

    @POST
    @Path("/logout")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "logout", summary = "End this session")
    @APIResponse(responseCode = "204", description = "The session's tokens no longer work")
    @APIResponse(responseCode = "401", description = "unauthorized")
    @APIResponse(responseCode = "403", description = "forbidden: an API key has no session to end (delete the key instead)")
    public Uni<RestResponse<Void>> logout(@Context HttpServerRequest http) {
        Caller caller = Caller.of(identity);
        if (caller.sessionId() == null) {
            throw new ForbiddenException();
        }
        return sessions.logout(caller, ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/logout-all")
    @RequiresCredentialAccess
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "logoutAll",
            summary = "End every session of this user, and with include_api_keys every API key too")
    @APIResponse(responseCode = "204", description = "Every session's tokens (and keys, when asked) no longer work")
    @APIResponse(responseCode = "401", description = "unauthorized")
    @APIResponse(responseCode = "403", description = "forbidden: an API key without the credentials scope")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> logoutAll(@RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LogoutAllRequest.class))) String body,
            @Context HttpServerRequest http) {
        boolean includeApiKeys = LogoutAllRequest.read(json, contentType, body).apiKeysToo();
        return sessions.logoutAll(Caller.of(identity), includeApiKeys, ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }
}
