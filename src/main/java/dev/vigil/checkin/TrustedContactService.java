package dev.vigil.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.Problem;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenError;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The people told, with the user's message, when the user's switch is released: adding one asks
 * them first, and their answer (through the link in that request) decides whether they are asked to
 * check on the user in grace and receive the message at release.
 */
@ApplicationScoped
public class TrustedContactService {

    /** Serialises additions per user, so two parallel requests cannot pass the limit together. */
    private static final String LOCK_USER = "SELECT CAST(pg_advisory_xact_lock(hashtextextended(CAST(:user AS text), 7)) AS text)";

    private final TrustedContactRepository contacts;
    private final UserService users;
    private final ContactMessages messages;
    private final NotificationService notifications;
    private final OneTimeTokens tokens;
    private final CheckInConfig config;
    private final Clock clock;

    public TrustedContactService(TrustedContactRepository contacts, UserService users, ContactMessages messages,
            NotificationService notifications, OneTimeTokens tokens, CheckInConfig config, Clock clock) {
        this.contacts = contacts;
        this.users = users;
        this.messages = messages;
        this.notifications = notifications;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** The user's contacts, oldest first, each flagged when the latest message to them could not be delivered. */
    @WithSession
    public Uni<Page<TrustedContactResponse>> list(UUID userId, PageParams page) {
        return contacts.find("userId = ?1 order by createdAt, id", userId)
                .page(page.page, page.size)
                .list()
                .chain(items -> contacts.count("userId", userId)
                        .chain(total -> notifications.undeliverable(userId, ContactMessages.TEMPLATES)
                                .map(dead -> Page.of(items.stream()
                                        .map(contact -> TrustedContactResponse.of(contact,
                                                undeliverable(dead, contact.email) || undeliverable(dead, contact.phone)))
                                        .toList(), page, total))));
    }

    /**
     * Adds a contact; 409 {@code limit-reached} past {@code vigil.check-in.max-trusted-contacts}, 403
     * {@code verification-required} before the user's address is verified.
     */
    @WithTransaction
    public Uni<TrustedContactResponse> add(UUID userId, TrustedContactRequest request) {
        String email = blankToNull(request.email());
        String phone = blankToNull(request.phone());
        if (email == null && phone == null) {
            throw VigilException.invalidField("email", "an email address or a phone number is required");
        }
        TrustedContact contact = new TrustedContact();
        contact.id = UUID.randomUUID();
        contact.userId = userId;
        contact.name = request.name().strip();
        contact.email = email;
        contact.phone = phone;
        contact.message = blankToNull(request.message());
        contact.consent = TrustedContact.PENDING;
        contact.createdAt = clock.instant();
        contact.consentRequestedAt = contact.createdAt;
        return users.requireVerified(userId)
                .chain(Panache::getSession)
                .chain(session -> session.createNativeQuery(LOCK_USER, String.class)
                        .setParameter("user", userId.toString())
                        .getSingleResult())
                .chain(() -> contacts.count("userId", userId))
                .chain(count -> {
                    if (count >= config.maxTrustedContacts()) {
                        throw new VigilException(CheckInError.LIMIT_REACHED,
                                "At most " + config.maxTrustedContacts() + " trusted contacts are allowed");
                    }
                    return contacts.persist(contact);
                })
                .chain(() -> users.contactOf(userId))
                .chain(owner -> messages.requestConsent(contact, owner))
                .map(ignored -> TrustedContactResponse.of(contact, false));
    }

    /**
     * Sends the contact a new consent request (the older link stops working): 409
     * {@code invalid-state-transition} once they accepted, 429 within {@code
     * vigil.check-in.consent-resend-every} of the previous request, 404 for an unknown or another
     * user's contact.
     */
    @WithTransaction
    public Uni<Void> resendConsent(UUID userId, UUID contactId) {
        Instant now = clock.instant();
        return contacts.find("id = ?1 and userId = ?2", contactId, userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .chain(contact -> {
                    if (contact == null) {
                        throw new VigilException(CommonError.NOT_FOUND, "No such trusted contact");
                    }
                    if (contact.accepted()) {
                        throw new VigilException(CheckInError.INVALID_STATE_TRANSITION,
                                "The contact has already accepted");
                    }
                    Instant allowedAt = contact.consentRequestedAt == null ? now
                            : contact.consentRequestedAt.plus(config.consentResendEvery());
                    if (allowedAt.isAfter(now)) {
                        throw new VigilException(CommonError.RATE_LIMITED, "A consent request was sent recently")
                                .with(Problem.RETRY_AFTER, Math.max(1, Duration.between(now, allowedAt).toSeconds()));
                    }
                    contact.consentRequestedAt = now;
                    return users.contactOf(userId)
                            .chain(owner -> messages.requestConsent(contact, owner));
                });
    }

    /**
     * A contact's answer through the link of a consent request; the owner is told, and their name
     * returned. A link of a contact removed since is an invalid token; {@code answer} must be {@code
     * accept} or {@code decline}.
     */
    @WithTransaction
    public Uni<String> confirm(String token, String answer) {
        String consent = switch (answer == null ? "" : answer) {
            case "accept" -> TrustedContact.ACCEPTED;
            case "decline" -> TrustedContact.DECLINED;
            default -> throw VigilException.invalidField("answer", "must be accept or decline");
        };
        return tokens.consume(TokenPurpose.CONTACT_CONSENT, token)
                .chain(use -> contacts.find("id = ?1 and userId = ?2", contactIdOf(use.target()), use.userId())
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .firstResult()
                        .chain(contact -> {
                            if (contact == null) {
                                throw new VigilException(TokenError.INVALID_TOKEN,
                                        "The person who sent this request has removed you as a contact");
                            }
                            contact.consent = consent;
                            contact.consentAnsweredAt = clock.instant();
                            return users.contactOf(contact.userId)
                                    .call(owner -> owner == null || owner.email() == null
                                            ? Uni.createFrom().voidItem()
                                            : notifications.queueMail(MailTemplate.CONTACT_ANSWERED, contact.userId,
                                                    owner.email(), Map.of("contact_name", contact.name,
                                                            "answer", consent)))
                                    .map(ContactMessages::ownerName);
                        }));
    }

    /** The name of the user who sent a consent request, for its page; fails as the token would. */
    @WithSession
    public Uni<String> ownerNameFor(String token) {
        return tokens.check(TokenPurpose.CONTACT_CONSENT, token)
                .chain(use -> users.contactOf(use.userId())
                        .map(ContactMessages::ownerName));
    }

    private static UUID contactIdOf(String target) {
        try {
            return UUID.fromString(target);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VigilException(TokenError.INVALID_TOKEN, TokenError.INVALID_TOKEN.title());
        }
    }

    /** Removes one of the user's contacts; another user's id is 404 like an unknown one. */
    @WithTransaction
    public Uni<Void> remove(UUID userId, UUID contactId) {
        return contacts.delete("id = ?1 and userId = ?2", contactId, userId)
                .invoke(deleted -> {
                    if (deleted == 0) {
                        throw new VigilException(CommonError.NOT_FOUND, "No such trusted contact");
                    }
                })
                .replaceWithVoid();
    }

    private static boolean undeliverable(Set<String> dead, String address) {
        return address != null && dead.contains(address);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
