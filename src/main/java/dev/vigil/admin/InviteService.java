package dev.vigil.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import dev.vigil.notify.MailTemplate;
import dev.vigil.notify.NotificationService;
import dev.vigil.user.Invitations;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Invitations: an admin invites an address, which gets a mailed {@code /accept-invite?token=} link.
 * Registering with that token and the same address (any case) verifies the address and spends the
 * invitation. The link's token is minted when the mail is sent and names the invitation.
 */
@ApplicationScoped
public class InviteService implements Invitations {

    private final InviteRepository invites;
    private final OneTimeTokens tokens;
    private final NotificationService notifications;
    private final Clock clock;

    public InviteService(InviteRepository invites, OneTimeTokens tokens, NotificationService notifications,
            Clock clock) {
        this.invites = invites;
        this.tokens = tokens;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Records an invitation from {@code adminId} and queues its mail. */
    @WithTransaction
    public Uni<InviteResponse> invite(UUID adminId, String email) {
        Instant now = clock.instant();
        Invite invite = new Invite();
        invite.id = UUID.randomUUID();
        invite.email = email.strip();
        invite.invitedBy = adminId;
        invite.createdAt = now;
        invite.expiresAt = now.plus(TokenPurpose.INVITE.lifetime());
        return invites.persist(invite)
                .call(saved -> notifications.queueMailWithLink(MailTemplate.INVITE, null, saved.email,
                        Map.of("valid_days", TokenPurpose.INVITE.lifetime().toDays()), TokenPurpose.INVITE,
                        saved.id.toString()))
                .map(saved -> new InviteResponse(saved.id, saved.email, saved.expiresAt));
    }

    /**
     * The invitation a token stands for, when the token is usable and the invitation is open and
     * for {@code email} (any case); otherwise null. Spends nothing.
     */
    @Override
    @WithSession
    public Uni<UUID> openInviteFor(String token, String email) {
        return addressOf(token)
                .map(invite -> invite != null && email != null
                        && invite.email.toLowerCase(Locale.ROOT).equals(email.strip().toLowerCase(Locale.ROOT))
                        ? invite.id : null);
    }

    /** The address an open invitation's token was sent to, or null (for the registration page). */
    @WithSession
    public Uni<String> invitedAddress(String token) {
        return addressOf(token)
                .map(invite -> invite == null ? null : invite.email);
    }

    /** Spends the token and marks the invitation accepted by {@code userId}; joins the caller's transaction. */
    @Override
    @WithTransaction
    public Uni<Void> accept(String token, UUID userId) {
        return tokens.consume(TokenPurpose.INVITE, token)
                .chain(use -> invites.update("acceptedAt = ?1, acceptedUserId = ?2 where id = ?3 and acceptedAt is null",
                        clock.instant(), userId, UUID.fromString(use.target())))
                .replaceWithVoid();
    }

    private Uni<Invite> addressOf(String token) {
        return tokens.check(TokenPurpose.INVITE, token)
                .onFailure(VigilException.class).recoverWithNull()
                .chain(use -> use == null || use.target() == null
                        ? Uni.createFrom().<Invite>nullItem()
                        : invites.findById(UUID.fromString(use.target())))
                .map(invite -> invite == null || invite.acceptedAt != null ? null : invite);
    }
}
