package dev.vigil.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

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
    /** Advisory lock key under which starting instances check for and create the first superuser. */
    static final long SUPERUSER_LOCK = 0x5649_4749_4C53_5550L;

    private final UserRepository users;
    private final AccountService accounts;
    private final Invitations invites;
    private final NotificationService notifications;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RegistrationConfig config;
    private final Clock clock;

    public RegistrationService(UserRepository users, AccountService accounts, Invitations invites,
            NotificationService notifications, PasswordHasher hasher, PasswordPolicy policy, RegistrationConfig config,
            Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.invites = invites;
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
        String username = IdentityRules.normalizeUsername(request.username());
        // One after the other: both read through the same Hibernate Reactive session.
        Uni<UUID> invite = request.inviteToken() == null
                ? Uni.createFrom().nullItem()
                : invites.openInviteFor(request.inviteToken(), request.email());
        return invite
                .chain(inviteId -> (request.referralCode() == null
                        ? Uni.createFrom().<UUID>nullItem()
                        : accounts.referrerOf(request.referralCode()))
                        .map(referrer -> new Admission(inviteId != null, referrer)))
                .invoke(admission -> checkAdmission(request, admission))
                .chain(admission -> Panache.withSession(() -> users.usernameExists(username))
                        .chain(taken -> taken ? Uni.createFrom().failure(usernameTaken()) : hasher.hash(request.password()))
                        .chain(hash -> Panache.withTransaction(() -> createOrNotify(request, username, hash,
                                admission.invited(), admission.referrer()))))
                .onFailure(e -> UniqueViolation.is(e, EMAIL_UNIQUE))
                .recoverWithUni(() -> Panache.withTransaction(() -> notifyOwner(request.email())))
                .onFailure(e -> UniqueViolation.is(e, USERNAME_UNIQUE))
                .transform(e -> usernameTaken());
    }

    /**
     * What is wrong with the bootstrap superuser's configured username, email and password (the
     * same rules as registration); empty when they are fine. Names fields, never values.
     */
    public List<FieldError> superuserProblems(String username, String email, String password) {
        List<FieldError> errors = new ArrayList<>();
        add(errors, "username", IdentityRules.username(username));
        add(errors, "email", IdentityRules.email(email));
        errors.addAll(policy.check("password", password, username, email));
        return errors;
    }

    /**
     * Creates the first superuser (roles user, admin, superuser; email verified) unless a superuser
     * exists. A transaction-scoped advisory lock makes instances that start together take turns, so
     * only one creates it.
     *
     * @return whether this call created it
     */
    public Uni<Boolean> createFirstSuperuser(String username, String email, String password) {
        return createSuperuserUnless(() -> users.count("rolesColumn like ?1", "%" + User.ROLE_SUPERUSER + "%"),
                username, email, password);
    }

    /**
     * Creates the dev admin, a superuser like the bootstrap one, unless anybody holds the admin role
     * or the username is taken (then the dev has an admin already, or chose that name themselves).
     *
     * @return whether this call created it
     */
    public Uni<Boolean> createFirstAdmin(String username, String email, String password) {
        String normalized = IdentityRules.normalizeUsername(username);
        return createSuperuserUnless(() -> users.count("rolesColumn like ?1 or username = ?2",
                "%" + User.ROLE_ADMIN + "%", normalized), username, email, password);
    }

    /** Creates the superuser when {@code existing} counts none, under the lock that makes instances take turns. */
    private Uni<Boolean> createSuperuserUnless(Supplier<Uni<Long>> existing, String username, String email,
            String password) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock("
                        + SUPERUSER_LOCK + ")) AS locked").getSingleResult())
                .chain(locked -> existing.get())
                .chain(count -> count > 0
                        ? Uni.createFrom().item(false)
                        : hasher.hash(password)
                                .chain(hash -> createSuperuser(IdentityRules.normalizeUsername(username), email, hash))
                                .replaceWith(true)));
    }

    private Uni<Void> createSuperuser(String username, String email, String passwordHash) {
        Instant now = clock.instant();
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.email = email;
        user.passwordHash = passwordHash;
        user.emailVerified = true;
        user.timezone = "UTC";
        user.preferredContactMethod = "email";
        user.rolesColumn = String.join(",", User.ROLE_USER, User.ROLE_ADMIN, User.ROLE_SUPERUSER);
        user.createdAt = now;
        user.updatedAt = now;
        return users.persist(user)
                .call(users::flush)
                .call(saved -> accounts.createFor(saved.id, null))
                .replaceWithVoid();
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

    /**
     * Invite-only mode needs an open invitation for this address; a referral code must name an
     * account. Checked before anything is hashed or written.
     */
    private void checkAdmission(RegistrationRequest request, Admission admission) {
        if (config.mode() == RegistrationConfig.Mode.INVITE_ONLY && !admission.invited()) {
            throw new VigilException(UserError.INVITE_REQUIRED, "Registration is by invitation only");
        }
        if (request.referralCode() != null && admission.referrer() == null) {
            throw VigilException.invalidField("referral_code", "is not a known referral code");
        }
    }

    private Uni<Void> createOrNotify(RegistrationRequest request, String username, String passwordHash,
            boolean invited, UUID referrer) {
        return users.findByEmail(request.email())
                .chain(existing -> existing != null
                        ? notifyOwner(existing)
                        : create(request, username, passwordHash, invited, referrer));
    }

    /**
     * Creates the user and the account. An invited user's address is verified by the invitation
     * (the invite is spent in the same transaction) and gets no verification mail.
     */
    private Uni<Void> create(RegistrationRequest request, String username, String passwordHash, boolean invited,
            UUID referrer) {
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
        user.emailVerified = invited;
        user.createdAt = now;
        user.updatedAt = now;
        return users.persist(user)
                .call(users::flush)
                .call(saved -> accounts.createFor(saved.id, referrer))
                .call(saved -> invited
                        ? invites.accept(request.inviteToken(), saved.id)
                        : notifications.queueMailWithLink(MailTemplate.VERIFY_EMAIL, saved.id, saved.email,
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
        if (request.referralCode() != null && (request.referralCode().isBlank() || request.referralCode().length() > 64)) {
            add(errors, "referral_code", "is not a known referral code");
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

    /** Whether an open invitation for the address came along, and who referred the new user. */
    private record Admission(boolean invited, UUID referrer) {
    }

    private static VigilException usernameTaken() {
        return new VigilException(UserError.USERNAME_TAKEN, "This username is taken");
    }
}
