package dev.vigil.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.account.AccountService;
import dev.vigil.common.db.UniqueViolation;
import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.FieldError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.password.PasswordHasher;
import dev.vigil.common.password.PasswordPolicy;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Sign-up. The answer is the same whether or not the email is already registered: a new address
 * gets an unverified user, its account and a verification mail; a known one gets its owner a notice
 * instead. Both paths hash the password and write once, so they also take about the same time.
 */
@ApplicationScoped
public class RegistrationService {

    static final String USERNAME_UNIQUE = "users_username_uk";
    static final String EMAIL_UNIQUE = "users_email_uk";

    private final UserRepository users;
    private final AccountService accounts;
    private final NotificationService notifications;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RegistrationConfig config;
    private final Clock clock;

    public RegistrationService(UserRepository users, AccountService accounts, NotificationService notifications,
            PasswordHasher hasher, PasswordPolicy policy, RegistrationConfig config, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.notifications = notifications;
        this.hasher = hasher;
        this.policy = policy;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Void> register(RegistrationRequest request) {
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new VigilException(CommonError.VALIDATION_FAILED, "The request is not valid", errors));
        }
        if (config.mode() == RegistrationConfig.Mode.INVITE_ONLY) {
            // Invitations are not issued yet, so no invite_token can be valid.
            return Uni.createFrom().failure(new VigilException(UserError.INVITE_REQUIRED,
                    "Registration is by invitation only"));
        }
        String username = IdentityRules.normalizeUsername(request.username());
        return Panache.withSession(() -> users.usernameExists(username))
                .chain(taken -> taken ? Uni.createFrom().failure(usernameTaken()) : hasher.hash(request.password()))
                .chain(hash -> Panache.withTransaction(() -> createOrNotify(request, username, hash)))
                .onFailure(e -> UniqueViolation.is(e, EMAIL_UNIQUE))
                .recoverWithUni(() -> Panache.withTransaction(() -> notifyOwner(request.email())))
                .onFailure(e -> UniqueViolation.is(e, USERNAME_UNIQUE))
                .transform(e -> usernameTaken());
    }

    public Uni<UsernameAvailabilityResponse> usernameAvailability(String username) {
        String problem = IdentityRules.username(username);
        if (problem != null) {
            return Uni.createFrom().failure(VigilException.invalidField("username", problem));
        }
        String normalized = IdentityRules.normalizeUsername(username);
        return Panache.withSession(() -> users.usernameExists(normalized))
                .map(taken -> new UsernameAvailabilityResponse(normalized, !taken));
    }

    private Uni<Void> createOrNotify(RegistrationRequest request, String username, String passwordHash) {
        return users.findByEmail(request.email())
                .chain(existing -> existing != null
                        ? notifyOwner(existing)
                        : create(request, username, passwordHash));
    }

    private Uni<Void> create(RegistrationRequest request, String username, String passwordHash) {
        Instant now = clock.instant();
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.email = request.email();
        user.passwordHash = passwordHash;
        user.displayName = request.displayName();
        user.phone = request.phone();
        user.timezone = request.timezone() == null ? "UTC" : request.timezone();
        user.preferredContactMethod = request.preferredContactMethod() == null ? "email" : request.preferredContactMethod();
        user.rolesColumn = User.ROLE_USER;
        user.createdAt = now;
        user.updatedAt = now;
        return users.persist(user)
                .call(users::flush)
                .call(saved -> accounts.createFor(saved.id, request.referralCode()))
                .call(saved -> notifications.queueMailWithLink(MailTemplate.VERIFY_EMAIL, saved.id, saved.email,
                        Map.of("email", saved.email), TokenPurpose.VERIFY_EMAIL, saved.email))
                .replaceWithVoid();
    }

    private Uni<Void> notifyOwner(String email) {
        return users.findByEmail(email).chain(this::notifyOwner);
    }

    private Uni<Void> notifyOwner(User owner) {
        return notifications.queueMail(MailTemplate.REGISTRATION_ATTEMPT, owner.id, owner.email, Map.of());
    }

    private List<FieldError> validate(RegistrationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        add(errors, "username", IdentityRules.username(request.username()));
        add(errors, "email", IdentityRules.email(request.email()));
        add(errors, "display_name", IdentityRules.displayName(request.displayName()));
        add(errors, "phone", IdentityRules.phone(request.phone()));
        if (request.timezone() != null) {
            add(errors, "timezone", IdentityRules.timezone(request.timezone()));
        }
        if (request.preferredContactMethod() != null) {
            add(errors, "preferred_contact_method", IdentityRules.contactMethod(request.preferredContactMethod()));
            if ("sms".equals(request.preferredContactMethod()) && request.phone() == null) {
                add(errors, "phone", "is required when preferred_contact_method is sms");
            }
        }
        if (request.referralCode() != null && request.referralCode().length() > 64) {
            add(errors, "referral_code", "must be at most 64 characters");
        }
        if (request.password() == null) {
            add(errors, "password", "must not be null");
        } else {
            errors.addAll(policy.check("password", request.password(), request.username(), request.email()));
        }
        return errors;
    }

    private static void add(List<FieldError> errors, String field, String message) {
        if (message != null) {
            errors.add(new FieldError(field, message));
        }
    }

    private static VigilException usernameTaken() {
        return new VigilException(UserError.USERNAME_TAKEN, "This username is taken");
    }
}
