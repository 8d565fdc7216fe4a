package dev.vigil.checkin;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.CommonError;
import dev.vigil.common.error.VigilException;
import dev.vigil.common.paging.Page;
import dev.vigil.common.paging.PageParams;
import dev.vigil.user.UserService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The people told, with the user's message, when the user's switch is released. */
@ApplicationScoped
public class TrustedContactService {

    /** Serialises additions per user, so two parallel requests cannot pass the limit together. */
    private static final String LOCK_USER = "SELECT CAST(pg_advisory_xact_lock(hashtextextended(CAST(:user AS text), 7)) AS text)";

    private final TrustedContactRepository contacts;
    private final UserService users;
    private final CheckInConfig config;
    private final Clock clock;

    public TrustedContactService(TrustedContactRepository contacts, UserService users, CheckInConfig config,
            Clock clock) {
        this.contacts = contacts;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    /** The user's contacts, oldest first. */
    @WithSession
    public Uni<Page<TrustedContactResponse>> list(UUID userId, PageParams page) {
        return contacts.find("userId = ?1 order by createdAt, id", userId)
                .page(page.page, page.size)
                .list()
                .chain(items -> contacts.count("userId", userId)
                        .map(total -> Page.of(items.stream().map(TrustedContactResponse::of).toList(), page, total)));
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
        contact.createdAt = clock.instant();
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
                .map(TrustedContactResponse::of);
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
