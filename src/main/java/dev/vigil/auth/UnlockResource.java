package dev.vigil.auth;

import java.net.URI;

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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The way out of a lock through the link in an account-locked mail: the JSON call for apps, and the
 * same call as the form of the {@code /unlock} link page, which a browser posts here.
 */
@PermitAll
@Path("/api/v1/auth/unlock")
@RunsToCompletion
@Tag(name = "Recovery")
public class UnlockResource {

    /**
     * The link page that shows a form's outcome ({@code ?result=}); relative, so it resolves against the
     * address the browser posted the form to (the page's own origin, which the page's
     * {@code form-action 'self'} requires of the redirect too).
     */
    static final String PAGE = "unlock";

    private final Lockout lockout;

    public UnlockResource(Lockout lockout) {
        this.lockout = lockout;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "unlockAccount",
            summary = "Unlock the account with the token of an account-locked mail's link")
    @APIResponse(responseCode = "204", description = "Every lock and failure count of the account cleared")
    @APIResponse(responseCode = "400", description = "invalid-token, expired-token, used-token or validation-failed")
    public Uni<RestResponse<Void>> unlock(@Valid @NotNull UnlockRequest request, @Context HttpServerRequest http) {
        return lockout.unlockWithToken(request.token(), ClientInfo.of(http))
                .map(ignored -> RestResponse.noContent());
    }

    /**
     * The unlock page's form (field {@code token}). Unlocks exactly like the JSON call, then sends the
     * browser to the page that says what happened (post/redirect/get, so a reload posts nothing again).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The form of the /unlock link page: unlocks like the JSON call, then shows the outcome")
    @APIResponse(responseCode = "303", description = "To /unlock?result=unlocked, or ?result=invalid-token,"
            + " expired-token or used-token")
    public Uni<RestResponse<Void>> unlockFromPage(@RestForm String token, @Context HttpServerRequest http) {
        return lockout.unlockWithToken(token, ClientInfo.of(http))
                .map(ignored -> "unlocked")
                .onFailure(VigilException.class)
                .recoverWithItem(e -> ((VigilException) e).code().problemType().slug())
                .map(result -> RestResponse.seeOther(URI.create(PAGE + "?result=" + result)));
    }
}
