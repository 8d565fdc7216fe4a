package dev.vigil.pages;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.http.RunsToCompletion;
import dev.vigil.pages.LinkPagesService.Page;
import dev.vigil.ratelimit.RateLimitKind;
import dev.vigil.ratelimit.RateLimited;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * HTML pages for people who follow a link from a mail. A GET only shows a page; its form POSTs.
 *
 * <p>No CSRF token: these forms carry nothing but the single-use token from the mail (and, for a
 * reset, the new password), and no session or cookie authenticates them. A forged cross-site POST
 * would need that token, and whoever has it can use it directly, so the forgery gains nothing.
 *
 * <p>Headers for these paths (a strict Content-Security-Policy, {@code Referrer-Policy: no-referrer}
 * because the token is in the URL, {@code Cache-Control: no-store}) are set in
 * {@code application.properties}.
 */
@PermitAll
@Path("/")
@RunsToCompletion
@Tag(name = "Link pages", description = "HTML pages behind the links in Vigil's mails")
@Produces(MediaType.TEXT_HTML)
public class LinkPagesResource {

    private final LinkPagesService pages;

    public LinkPagesResource(LinkPagesService pages) {
        this.pages = pages;
    }

    @GET
    @Path("verify-email")
    @Operation(operationId = "showVerifyEmailPage",
            summary = "Page with a button that confirms an email address; showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The confirm form")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> verifyEmailForm(@RestQuery String token) {
        return pages.verifyEmailForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("verify-email")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitVerifyEmailPage",
            summary = "Confirm an email address (the form of GET /verify-email)")
    @APIResponse(responseCode = "200", description = "Confirmed")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> verifyEmail(@RestForm String token, @Context HttpServerRequest http) {
        return pages.verifyEmail(token, ClientInfo.of(http))
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("reset-password")
    @Operation(operationId = "showResetPasswordPage",
            summary = "New-password form for a reset link; without a token, the forgot-password form")
    @APIResponse(responseCode = "200", description = "The form")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> resetPasswordForm(@RestQuery String token) {
        return pages.resetPasswordForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("reset-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitResetPasswordPage",
            summary = "Set a new password (the form of GET /reset-password); every session ends")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used, or the password was"
            + " refused (the form again, with reasons; the link stays usable)")
    public Uni<RestResponse<String>> resetPassword(@RestForm String token,
            @RestForm("new_password") String newPassword, @RestForm("confirm_password") String confirmPassword,
            @Context HttpServerRequest http) {
        return pages.resetPassword(token, newPassword, confirmPassword, ClientInfo.of(http))
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("forgot-password")
    @Operation(operationId = "showForgotPasswordPage", summary = "Form to ask for a password reset link")
    @APIResponse(responseCode = "200", description = "The form")
    public Uni<RestResponse<String>> forgotPasswordForm() {
        return Uni.createFrom().item(pages.forgotPasswordForm())
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("forgot-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitForgotPasswordPage",
            summary = "Mail a reset link (the form of GET /forgot-password); the same page whether or not"
            + " the login exists")
    @APIResponse(responseCode = "200", description = "If the login exists, a link is on its way")
    @APIResponse(responseCode = "400", description = "No login given")
    @APIResponse(responseCode = "429", description = "rate-limited: too many mail requests from this IP")
    @RateLimited(RateLimitKind.MAIL)
    public Uni<RestResponse<String>> requestResetLink(@RestForm String login) {
        return pages.requestResetLink(login)
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("accept-invite")
    @Operation(operationId = "showAcceptInvitePage",
            summary = "Registration form for an invitation link; showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The form")
    @APIResponse(responseCode = "400", description = "The invitation is invalid, expired or used")
    public Uni<RestResponse<String>> acceptInviteForm(@RestQuery String token) {
        return pages.acceptInviteForm(token)
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("check-in")
    @Operation(operationId = "showCheckInPage",
            summary = "Page with a button that checks in (reminder links); showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The check-in form")
    @APIResponse(responseCode = "400", description = "The link is invalid, replaced by a newer deadline or used")
    public Uni<RestResponse<String>> checkInForm(@RestQuery String token) {
        return pages.checkInForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("accept-invite")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RateLimited(RateLimitKind.REGISTRATION)
    @Operation(operationId = "submitAcceptInvitePage",
            summary = "Register the invited address (the form of GET /accept-invite)")
    @APIResponse(responseCode = "200", description = "Registered; the address is verified")
    @APIResponse(responseCode = "400", description = "The invitation does not work, or the username or password"
            + " was refused (the form again, with reasons)")
    @APIResponse(responseCode = "409", description = "The username is taken (the form again)")
    @APIResponse(responseCode = "429", description = "rate-limited: too many registrations from this IP")
    public Uni<RestResponse<String>> acceptInvite(@RestForm String token, @RestForm String username,
            @RestForm String password) {
        return pages.acceptInvite(token, username, password)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("check-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitCheckInPage", summary = "Check in (the form of GET /check-in)")
    @APIResponse(responseCode = "200", description = "Checked in")
    @APIResponse(responseCode = "400", description = "The link is invalid, replaced by a newer deadline or used")
    @APIResponse(responseCode = "409", description = "The account is paused or was released")
    public Uni<RestResponse<String>> checkIn(@RestForm String token) {
        return pages.checkIn(token)
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("undo-email-change")
    @Operation(operationId = "showUndoEmailChangePage",
            summary = "Page with a button that undoes an address change (\"this wasn't me\"); showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The confirm form")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> undoEmailChangeForm(@RestQuery String token) {
        return pages.undoEmailChangeForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("undo-email-change")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitUndoEmailChangePage",
            summary = "Undo an address change (the form of GET /undo-email-change)")
    @APIResponse(responseCode = "200", description = "Undone; everyone is signed out and a reset link was mailed")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> undoEmailChange(@RestForm String token, @Context HttpServerRequest http) {
        return pages.undoEmailChange(token, ClientInfo.of(http))
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("unlock")
    @Operation(operationId = "showUnlockPage",
            summary = "Page with a button that unlocks an account (account-locked mails); showing it changes"
            + " nothing. With result=, the outcome of its form")
    @APIResponse(responseCode = "200", description = "The unlock form, or the account is unlocked")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> unlockForm(@RestQuery String token, @RestQuery String result) {
        return pages.unlockPage(token, result)
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("contact-consent")
    @Operation(operationId = "showContactConsentPage",
            summary = "Page with accept and decline buttons for a trusted contact; showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The answer form")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> contactConsentForm(@RestQuery String token) {
        return pages.contactConsentForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("contact-consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitContactConsentPage",
            summary = "Accept or decline being a trusted contact (the form of GET /contact-consent)")
    @APIResponse(responseCode = "200", description = "Answered, or the form again when the answer was missing")
    @APIResponse(responseCode = "400", description = "The link is invalid, expired or used")
    public Uni<RestResponse<String>> contactConsent(@RestForm String token, @RestForm String answer) {
        return pages.contactConsent(token, answer)
                .map(LinkPagesResource::html);
    }

    @GET
    @Path("vouch")
    @Operation(operationId = "showVouchPage",
            summary = "Page with a button for a trusted contact who reached the user; showing it changes nothing")
    @APIResponse(responseCode = "200", description = "The vouch form")
    @APIResponse(responseCode = "400", description = "The link is invalid or used, or the user checked in since")
    public Uni<RestResponse<String>> vouchForm(@RestQuery String token) {
        return pages.vouchForm(token)
                .map(LinkPagesResource::html);
    }

    @POST
    @Path("vouch")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitVouchPage", summary = "Vouch for the user (the form of GET /vouch)")
    @APIResponse(responseCode = "200", description = "The release moved one grace period later")
    @APIResponse(responseCode = "400", description = "The link is invalid or used, or the user checked in since")
    @APIResponse(responseCode = "409", description = "The account was released already")
    public Uni<RestResponse<String>> vouch(@RestForm String token) {
        return pages.vouch(token)
                .map(LinkPagesResource::html);
    }

    private static RestResponse<String> html(Page page) {
        return RestResponse.ResponseBuilder.<String>create(page.status())
                .entity(page.html())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }
}
