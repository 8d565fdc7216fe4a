package dev.vigil.user;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.account.AccountResponse;
import dev.vigil.account.AccountService;
import dev.vigil.audit.SecurityEvent;
import dev.vigil.audit.SecurityEventType;
import dev.vigil.audit.SecurityEvents;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.security.Caller;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

/** A user's own profile: reading and changing it, deleting the user. */
@ApplicationScoped
public class ProfileService {

    private final UserRepository repository;
    private final UserService users;
    private final ProfileReader reader;
    private final AccountService accounts;
    private final PasswordConfirmation passwords;
    private final NotificationService notifications;
    private final SecurityEvents audit;
    private final Clock clock;

    public ProfileService(UserRepository repository, UserService users, ProfileReader reader, AccountService accounts,
            PasswordConfirmation passwords, NotificationService notifications, SecurityEvents audit, Clock clock) {
        this.repository = repository;
        this.users = users;
        this.reader = reader;
        this.accounts = accounts;
        this.passwords = passwords;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<UserResponse> me(Caller caller) {
        return reader.user(caller.userId())
                .map(user -> {
                    if (user == null) {
                        throw new UnauthorizedException(); // deleted meanwhile: the credentials are no longer valid
                    }
                    return user;
                });
    }

    public Uni<PublicProfileResponse> publicProfile(String username) {
        return Panache.withSession(() -> repository.findByUsername(username))
                .map(user -> {
                    if (user == null) {
                        throw new VigilException(CommonError.NOT_FOUND, "No such user");
                    }
                    return new PublicProfileResponse(user.username, user.displayName, user.createdAt);
                });
    }

    /**
     * Applies a partial update; nothing changes unless every part of it is acceptable. A new address
     * is where password resets would go, so it is a credential change: it needs the current password
     * (checked before the transaction, off the event loop) and becomes the pending address until it
     * is confirmed from its mailbox.
     */
    public Uni<UserResponse> update(Caller caller, JsonNode body, ClientInfo client) {
        if (body.has("email")) {
            // Before the body's validation: a key that may not change the address learns nothing more.
            caller.requireCredentialAccess();
        }
        ProfileChanges changes = ProfilePatchParser.parse(body);
        Uni<Void> stepUp = Uni.createFrom().voidItem();
        if (changes.email() != null) {
            stepUp = passwords.confirm(caller.userId(), changes.currentPassword());
        }
        return stepUp
                .chain(() -> Panache.withTransaction(() -> loadUser(caller.userId())
                        .chain(user -> apply(user, changes, caller.sessionId(), client))))
                // Answered from the same read as GET /me, so both show every field (mfa_enabled too) alike.
                .chain(applied -> me(caller));
    }

    /**
     * Deletes the caller's user after checking their password: the one deletion sequence of
     * {@link UserService#delete}, by the user themself.
     */
    public Uni<Void> delete(Caller caller, DeleteUserRequest request, ClientInfo client) {
        return passwords.confirm(caller.userId(), request.password())
                .chain(() -> users.delete(caller.userId(), caller.userId(), client));
    }

    private Uni<UserResponse> apply(User user, ProfileChanges changes, UUID sessionId, ClientInfo client) {
        String contactMethod = changes.preferredContactMethod() != null ? changes.preferredContactMethod().value()
                : user.preferredContactMethod;
        String phone = changes.phone() != null ? changes.phone().value() : user.phone;
        if ("sms".equals(contactMethod) && phone == null) {
            throw VigilException.invalidField(changes.phone() != null ? "phone" : "preferred_contact_method",
                    "a phone number is required to be reached by sms");
        }
        List<String> changed = new ArrayList<>();
        if (changes.displayName() != null) {
            String displayName = changes.displayName().value() == null ? null : changes.displayName().value().strip();
            if (!Objects.equals(displayName, user.displayName)) {
                user.displayName = displayName;
                changed.add("display_name");
            }
        }
        if (changes.phone() != null && !Objects.equals(changes.phone().value(), user.phone)) {
            user.phone = changes.phone().value();
            changed.add("phone");
        }
        if (changes.timezone() != null && !changes.timezone().value().equals(user.timezone)) {
            user.timezone = changes.timezone().value();
            changed.add("timezone");
        }
        if (changes.preferredContactMethod() != null
                && !changes.preferredContactMethod().value().equals(user.preferredContactMethod)) {
            user.preferredContactMethod = changes.preferredContactMethod().value();
            changed.add("preferred_contact_method");
        }
        String newEmail = changes.email() == null ? null : changes.email().value();
        boolean emailChanges = newEmail != null && !newEmail.toLowerCase(Locale.ROOT).equals(user.email.toLowerCase(Locale.ROOT));
        if (emailChanges) {
            user.pendingEmail = newEmail;
            user.pendingEmailSessionId = sessionId;
            changed.add("email");
        } else if (newEmail != null && user.pendingEmail != null) {
            user.pendingEmail = null; // back to the current address: the pending change is withdrawn
            user.pendingEmailSessionId = null;
            changed.add("email");
        }
        return accounts.applyUserChanges(user.id, changes.account())
                .call(update -> {
                    if (update.changed()) {
                        changed.add("account");
                    }
                    return recordChanges(user, changed, emailChanges ? newEmail : null, client);
                })
                .map(update -> UserResponse.of(user, update.account(), update.referralCode()));
    }

    /** The notice mails and the {@code profile.updated} event, which names the fields but never their values. */
    private Uni<Void> recordChanges(User user, List<String> changed, String newEmail, ClientInfo client) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        user.updatedAt = clock.instant();
        Uni<Void> mails = audit.record(SecurityEvent.of(SecurityEventType.PROFILE_UPDATED, user.id, client)
                        .with("fields", List.copyOf(changed)))
                .call(() -> notifications.queueMail(MailTemplate.PROFILE_CHANGED, user.id, user.email,
                        Map.of("changed", List.copyOf(changed))));
        if (newEmail != null) {
            mails = mails
                    .call(() -> notifications.queueMailWithLink(MailTemplate.EMAIL_CHANGE_REQUESTED, user.id,
                            user.email, Map.of("new_email", newEmail), TokenPurpose.UNDO_EMAIL_CHANGE, user.email))
                    .call(() -> notifications.queueMailWithLink(MailTemplate.VERIFY_EMAIL, user.id, newEmail,
                            Map.of("email", newEmail, "pending", true), TokenPurpose.VERIFY_EMAIL, newEmail));
        }
        return mails;
    }

    /**
     * The caller's user, its row locked for the change until the transaction ends (two edits at once
     * run one after the other); gone (deleted meanwhile) means the credentials are no longer valid.
     */
    private Uni<User> loadUser(UUID userId) {
        return repository.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .map(user -> {
                    if (user == null) {
                        throw new UnauthorizedException();
                    }
                    return user;
                });
    }
}
