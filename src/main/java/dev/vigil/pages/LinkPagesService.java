package dev.vigil.pages;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.vigil.admin.InviteService;
import dev.vigil.auth.PasswordService;
import dev.vigil.checkin.CheckInService;
import dev.vigil.checkin.TrustedContactService;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.password.PasswordConfig;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.user.EmailVerificationService;
import dev.vigil.user.RegistrationRequest;
import dev.vigil.user.RegistrationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The HTML pages behind the links in Vigil's mails. Showing a page never acts: mail scanners and
 * link previews fetch every URL in a mail, so a GET may at most look whether the token is still
 * usable; only the form's POST verifies an address or sets a password. Every page links on to
 * {@code vigil.frontend-url}.
 */
@ApplicationScoped
public class LinkPagesService {

    /** Longest login the forgot-password form accepts, as the JSON endpoint does. */
    static final int MAX_LOGIN_LENGTH = 254;
    /** Deadlines on the check-in page; the page knows no time zone, so it says UTC. */
    private static final DateTimeFormatter DUE_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A rendered page and the status it is answered with. */
    public record Page(int status, String html) {
    }

    @CheckedTemplate(basePath = "LinkPages")
    static class Templates {

        static native TemplateInstance verifyEmail(String token, String frontendUrl);

        static native TemplateInstance emailVerified(String frontendUrl);

        static native TemplateInstance resetPassword(String token, int minLength, List<String> errors,
                String frontendUrl);

        static native TemplateInstance passwordReset(String frontendUrl);

        static native TemplateInstance forgotPassword(List<String> errors, String frontendUrl);

        static native TemplateInstance resetLinkSent(String frontendUrl);

        static native TemplateInstance acceptInvite(String token, String email, String username, int minLength,
                List<String> errors, String frontendUrl);

        static native TemplateInstance inviteAccepted(String frontendUrl);

        static native TemplateInstance checkIn(String token, String frontendUrl);

        static native TemplateInstance checkedIn(String nextDueAt, String frontendUrl);

        static native TemplateInstance contactConsent(String token, String ownerName, String frontendUrl);

        static native TemplateInstance contactAnswered(boolean accepted, String ownerName, String frontendUrl);

        static native TemplateInstance vouch(String token, String ownerName, String frontendUrl);

        static native TemplateInstance vouched(String ownerName, String releaseAt, String frontendUrl);

        static native TemplateInstance undoEmailChange(String token, String frontendUrl);

        static native TemplateInstance emailChangeUndone(String frontendUrl);

        static native TemplateInstance unlock(String token, String frontendUrl);

        static native TemplateInstance unlocked(String frontendUrl);

        static native TemplateInstance linkProblem(String title, String explanation, boolean offerNewResetLink,
                String frontendUrl);
    }

    private final InviteService invites;
    private final RegistrationService registration;
    private final EmailVerificationService verification;
    private final PasswordService passwordResets;
    private final CheckInService checkIns;
    private final TrustedContactService contacts;
    private final OneTimeTokens tokens;
    private final PasswordConfig passwords;
    private final String frontendUrl;

    public LinkPagesService(InviteService invites, RegistrationService registration,
            EmailVerificationService verification, PasswordService passwordResets,
            CheckInService checkIns, TrustedContactService contacts, OneTimeTokens tokens, PasswordConfig passwords,
            @ConfigProperty(name = "vigil.frontend-url") String frontendUrl) {
        this.invites = invites;
        this.registration = registration;
        this.verification = verification;
        this.passwordResets = passwordResets;
        this.checkIns = checkIns;
        this.contacts = contacts;
        this.tokens = tokens;
        this.passwords = passwords;
        this.frontendUrl = frontendUrl;
    }

    /** The confirm button for a verification link, or why the link no longer works. */
    public Uni<Page> verifyEmailForm(String token) {
        return tokens.check(TokenPurpose.VERIFY_EMAIL, token)
                .map(usable -> ok(Templates.verifyEmail(token, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.VERIFY_EMAIL, (VigilException) e));
    }

    /** Verifies the address the link was sent to. */
    public Uni<Page> verifyEmail(String token, ClientInfo client) {
        return verification.verify(token, client)
                .map(done -> ok(Templates.emailVerified(frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.VERIFY_EMAIL, (VigilException) e));
    }

    /** The confirm button for an address change's "this wasn't me" link, or why the link no longer works. */
    public Uni<Page> undoEmailChangeForm(String token) {
        return tokens.check(TokenPurpose.UNDO_EMAIL_CHANGE, token)
                .map(usable -> ok(Templates.undoEmailChange(token, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.UNDO_EMAIL_CHANGE, (VigilException) e));
    }

    /** Undoes the address change: the old address is back, everyone is signed out, a reset link goes out. */
    public Uni<Page> undoEmailChange(String token, ClientInfo client) {
        return verification.undoChange(token, client)
                .map(done -> ok(Templates.emailChangeUndone(frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.UNDO_EMAIL_CHANGE, (VigilException) e));
    }

    /**
     * The new-password form for a reset link, or why the link no longer works. Without a token
     * (the plain {@code /reset-password} that notices link to) it is the forgot-password form.
     */
    public Uni<Page> resetPasswordForm(String token) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().item(forgotPasswordForm());
        }
        return tokens.check(TokenPurpose.RESET_PASSWORD, token)
                .map(usable -> ok(Templates.resetPassword(token, passwords.minLength(), List.of(), frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.RESET_PASSWORD, (VigilException) e));
    }

    /**
     * Sets the new password. A refused password (or two that differ) shows the form again with the
     * reasons; the token is only spent by a reset that succeeds.
     */
    public Uni<Page> resetPassword(String token, String newPassword, String confirmation, ClientInfo client) {
        Uni<Void> reset = newPassword != null && !newPassword.equals(confirmation)
                ? tokens.check(TokenPurpose.RESET_PASSWORD, token)
                        .invoke(usable -> {
                            throw VigilException.invalidField("confirm_password", "must match the new password");
                        })
                        .replaceWithVoid()
                : passwordResets.reset(token, newPassword, client);
        return reset
                .map(done -> ok(Templates.passwordReset(frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> refusedReset(token, (VigilException) e));
    }

    /** Asks for a reset link; like the JSON endpoint, the answer never tells whether the login exists. */
    public Uni<Page> requestResetLink(String login) {
        String trimmed = login == null ? "" : login.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LOGIN_LENGTH) {
            return Uni.createFrom().item(new Page(400, render(Templates.forgotPassword(
                    List.of("Enter the email address or username of your account."), frontendUrl))));
        }
        return passwordResets.forgot(trimmed)
                .map(done -> ok(Templates.resetLinkSent(frontendUrl)));
    }

    /** The registration form of an invitation, or why the invitation no longer works. */
    public Uni<Page> acceptInviteForm(String token) {
        return invites.invitedAddress(token)
                .map(email -> email == null
                        ? inviteProblem()
                        : ok(Templates.acceptInvite(token, email, "", passwords.minLength(), List.of(), frontendUrl)));
    }

    /**
     * Registers the invited address with the chosen username and password. A refused username or
     * password shows the form again with the reasons; the invitation is only spent by a registration
     * that succeeds.
     */
    public Uni<Page> acceptInvite(String token, String username, String password) {
        return invites.invitedAddress(token)
                .chain(email -> email == null
                        ? Uni.createFrom().item(inviteProblem())
                        : registration.register(new RegistrationRequest(username, email, password == null ? "" : password,
                                null, null, null, null, null, token))
                                .map(done -> ok(Templates.inviteAccepted(frontendUrl)))
                                .onFailure(VigilException.class)
                                .recoverWithItem(e -> refusedInvite(token, email, username, (VigilException) e)));
    }

    private Page refusedInvite(String token, String email, String username, VigilException e) {
        List<String> reasons = e.fieldErrors().isEmpty()
                ? List.of(e.getMessage() + ".")
                : e.fieldErrors().stream().map(error -> "The " + error.field().replace('_', ' ') + " " + error.message() + ".")
                        .toList();
        return new Page(e.code().problemType().status(), render(Templates.acceptInvite(token, email,
                username == null ? "" : username, passwords.minLength(), reasons, frontendUrl)));
    }

    private Page inviteProblem() {
        return new Page(400, render(Templates.linkProblem("This invitation does not work",
                "It may have expired, been used already, or been cut short. Ask for a new invitation.", false,
                frontendUrl)));
    }

    /** The check-in button of a reminder link, or why the link no longer works. */
    public Uni<Page> checkInForm(String token) {
        return tokens.check(TokenPurpose.CHECK_IN, token)
                .map(usable -> ok(Templates.checkIn(token, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.CHECK_IN, (VigilException) e));
    }

    /** Checks in with a reminder link; a paused or released account gets a 409 page. */
    public Uni<Page> checkIn(String token) {
        return checkIns.checkInWithToken(token)
                .map(state -> ok(Templates.checkedIn(DUE_AT.format(state.nextDueAt()), frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.CHECK_IN, (VigilException) e));
    }

    /** The accept and decline buttons of a consent request to a trusted contact, or why the link no longer works. */
    public Uni<Page> contactConsentForm(String token) {
        return contacts.ownerNameFor(token)
                .map(owner -> ok(Templates.contactConsent(token, owner, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.CONTACT_CONSENT, (VigilException) e));
    }

    /** Records a trusted contact's answer; an answer other than accept or decline shows the form again. */
    public Uni<Page> contactConsent(String token, String answer) {
        return contacts.confirm(token, answer)
                .map(owner -> ok(Templates.contactAnswered("accept".equals(answer), owner, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> ((VigilException) e).code() == CommonError.VALIDATION_FAILED
                        ? contactConsentForm(token)
                        : linkProblem(TokenPurpose.CONTACT_CONSENT, (VigilException) e));
    }

    /** The "I have heard from them" button of an "are they OK?" message, or why the link no longer works. */
    public Uni<Page> vouchForm(String token) {
        return checkIns.ownerNameForVouch(token)
                .map(owner -> ok(Templates.vouch(token, owner, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.VOUCH, (VigilException) e));
    }

    /** Vouches for the user; a released account or a replaced deadline gets a page that says so. */
    public Uni<Page> vouch(String token) {
        return checkIns.vouch(token)
                .map(vouched -> ok(Templates.vouched(vouched.ownerName(), vouched.releaseAt(), frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.VOUCH, (VigilException) e));
    }

    /**
     * The unlock button of an account-locked mail's link, or why the link no longer works. The form
     * posts to {@code /api/v1/auth/unlock}, which sends the browser back here with {@code result}
     * ({@code unlocked} or a token problem's slug); then this page only tells the outcome.
     */
    public Uni<Page> unlockPage(String token, String result) {
        if ((token == null || token.isEmpty()) && result != null) {
            if ("unlocked".equals(result)) {
                return Uni.createFrom().item(ok(Templates.unlocked(frontendUrl)));
            }
            TokenError error = Arrays.stream(TokenError.values())
                    .filter(candidate -> candidate.problemType().slug().equals(result))
                    .findFirst()
                    .orElse(TokenError.INVALID_TOKEN);
            return Uni.createFrom().item(unlockProblem(error));
        }
        return tokens.check(TokenPurpose.UNLOCK, token)
                .map(usable -> ok(Templates.unlock(token, frontendUrl)))
                .onFailure(VigilException.class)
                .recoverWithUni(e -> linkProblem(TokenPurpose.UNLOCK, (VigilException) e));
    }

    private Page unlockProblem(TokenError error) {
        TemplateInstance page = switch (error) {
            case INVALID_TOKEN -> Templates.linkProblem("This link does not work",
                    "It may be cut short, or a newer mail has replaced it. Open the whole link from the most recent"
                            + " mail, or reset your password, which unlocks the account too.", true, frontendUrl);
            case EXPIRED_TOKEN -> Templates.linkProblem("This link has expired",
                    "Unlock links work for a day, and every lock ends by itself. Resetting your password unlocks"
                            + " the account at once.", true, frontendUrl);
            case USED_TOKEN -> Templates.linkProblem("This link was already used",
                    "Each link works once, so the account is most likely unlocked already.", false, frontendUrl);
        };
        return new Page(error.problemType().status(), render(page));
    }

    /** Where people without a reset link ask for one. */
    public Page forgotPasswordForm() {
        return ok(Templates.forgotPassword(List.of(), frontendUrl));
    }

    private Uni<Page> refusedReset(String token, VigilException e) {
        if (e.code() == CommonError.VALIDATION_FAILED) {
            List<String> reasons = e.fieldErrors().stream()
                    .map(LinkPagesService::describe)
                    .toList();
            return Uni.createFrom().item(new Page(400, render(Templates.resetPassword(token, passwords.minLength(),
                    reasons, frontendUrl))));
        }
        return linkProblem(TokenPurpose.RESET_PASSWORD, e);
    }

    /** A field error as a sentence: policy messages are phrased to follow the field's name. */
    private static String describe(FieldError error) {
        String subject = "confirm_password".equals(error.field()) ? "The repeated password" : "The new password";
        return subject + " " + error.message() + ".";
    }

    private Uni<Page> linkProblem(TokenPurpose purpose, VigilException e) {
        if (purpose == TokenPurpose.CHECK_IN) {
            return checkInProblem(e);
        }
        if (purpose == TokenPurpose.CONTACT_CONSENT || purpose == TokenPurpose.VOUCH) {
            return contactProblem(purpose, e);
        }
        if (!(e.code() instanceof TokenError error)) {
            return Uni.createFrom().failure(e);
        }
        if (purpose == TokenPurpose.UNLOCK) {
            return Uni.createFrom().item(unlockProblem(error));
        }
        boolean reset = purpose == TokenPurpose.RESET_PASSWORD;
        TemplateInstance page = switch (error) {
            case INVALID_TOKEN -> Templates.linkProblem("This link does not work",
                    "It may be cut short, or a newer mail has replaced it. Open the whole link from the most"
                            + " recent mail.", reset, frontendUrl);
            case EXPIRED_TOKEN -> Templates.linkProblem("This link has expired", switch (purpose) {
                case RESET_PASSWORD -> "Links to reset a password work for a short time only. Ask for a new one.";
                case UNDO_EMAIL_CHANGE -> "This link worked for seven days. If someone else changed your address,"
                        + " ask for a password reset link on the sign-in page of the app.";
                default -> "Links to confirm an address work for a day. Sign in to ask for a new one.";
            }, reset, frontendUrl);
            case USED_TOKEN -> Templates.linkProblem("This link was already used", switch (purpose) {
                case RESET_PASSWORD -> "Each link works once. If you still need a new password, ask for a new link.";
                case UNDO_EMAIL_CHANGE -> "Each link works once, so your account was most likely secured already."
                        + " Look for the password reset mail in this mailbox.";
                default -> "Each link works once, so your address is most likely confirmed already.";
            }, reset, frontendUrl);
        };
        return Uni.createFrom().item(new Page(error.status(), render(page)));
    }

    /** Why a trusted contact's link does not work, said to someone who has no account and may be worried. */
    private Uni<Page> contactProblem(TokenPurpose purpose, VigilException e) {
        boolean consent = purpose == TokenPurpose.CONTACT_CONSENT;
        TemplateInstance page;
        if (e.code() instanceof TokenError error) {
            page = switch (error) {
                case INVALID_TOKEN -> Templates.linkProblem("This link does not work", consent
                        ? "It may be cut short, or a newer request replaced it, or you are no longer named as a"
                                + " contact. Open the whole link from the most recent message."
                        : "It may be cut short. Open the whole link from the message.", false, frontendUrl);
                case EXPIRED_TOKEN -> Templates.linkProblem(consent ? "This request has expired"
                        : "They have checked in", consent
                                ? "Requests work for thirty days. The person who named you can send a new one."
                                : "They checked in after this message was sent, so nothing more is needed. Thank you.",
                        false, frontendUrl);
                case USED_TOKEN -> Templates.linkProblem("This link was already used", consent
                        ? "Each link works once, so your answer was most likely recorded already."
                        : "Each link works once, so your answer was most likely recorded already. Thank you.",
                        false, frontendUrl);
            };
        } else if (e.code().problemType().status() == 409) {
            page = Templates.linkProblem("This is no longer needed",
                    "Their check-in period has already ended and their messages were passed on.", false, frontendUrl);
        } else {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().item(new Page(e.code().problemType().status(), render(page)));
    }

    private Uni<Page> checkInProblem(VigilException e) {
        TemplateInstance page;
        if (e.code() instanceof TokenError error) {
            page = switch (error) {
                case INVALID_TOKEN -> Templates.linkProblem("This link does not work",
                        "It may be cut short. Open the whole link from the most recent reminder, or sign in to"
                                + " check in.", false, frontendUrl);
                case EXPIRED_TOKEN -> Templates.linkProblem("This link is out of date",
                        "You have checked in since it was sent, so a newer deadline replaced it.", false, frontendUrl);
                case USED_TOKEN -> Templates.linkProblem("This link was already used",
                        "Each link works once, so you most likely checked in already.", false, frontendUrl);
            };
        } else if (e.code().problemType().status() == 409) {
            page = Templates.linkProblem("Check-in is not possible now",
                    "The account is paused or was released. Sign in to see what happened.", false, frontendUrl);
        } else {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().item(new Page(e.code().problemType().status(), render(page)));
    }

    private static Page ok(TemplateInstance page) {
        return new Page(200, render(page));
    }

    /** Templates are parsed at build time and take no I/O, so rendering does not block. */
    private static String render(TemplateInstance page) {
        return page.render();
    }
}
