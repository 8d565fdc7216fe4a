package dev.vigil.user;

import java.util.UUID;

/**
 * Something that happened to a user and that other features must act on in the same transaction:
 * the sessions, keys and links that must die with it.
 *
 * @param userId the user
 * @param kind what happened
 * @param keepSessionId the session that made the change and stays (a password change from this
 *        session ends the others); null when none stays
 * @param includeApiKeys for {@link Kind#SIGNED_OUT_EVERYWHERE}: the user asked for their API keys to go too
 */
public record UserChange(UUID userId, Kind kind, UUID keepSessionId, boolean includeApiKeys) {

    /** The lifecycle changes that other features react to. */
    public enum Kind {
        /** The user and everything they own are being deleted. */
        DELETED,
        /** An admin banned the user. */
        BANNED,
        /** A superuser changed the user's roles: tokens carrying the old ones must stop working. */
        ROLES_CHANGED,
        /** The user changed their password, knowing the old one. */
        PASSWORD_CHANGED,
        /** The password was set through a reset link: whoever else was in the account is put out. */
        PASSWORD_RESET,
        /** A new address was confirmed and replaced the old one. */
        EMAIL_CHANGED,
        /** The owner of the old address said an address change was not theirs: everyone is put out. */
        EMAIL_CHANGE_UNDONE,
        /** The user ended all their sessions ({@code logout-all}), and their API keys when asked. */
        SIGNED_OUT_EVERYWHERE
    }

    public static UserChange of(UUID userId, Kind kind) {
        return new UserChange(userId, kind, null, false);
    }

    /** The same change, keeping the session that made it. */
    public static UserChange keeping(UUID userId, Kind kind, UUID keepSessionId) {
        return new UserChange(userId, kind, keepSessionId, false);
    }
}
