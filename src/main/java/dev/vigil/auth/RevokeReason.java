package dev.vigil.auth;

/** Why a session ended; stored in {@code sessions.revoke_reason}. */
public enum RevokeReason {
    LOGOUT("logout"),
    LOGOUT_ALL("logout-all"),
    PASSWORD_CHANGED("password-changed"),
    PASSWORD_RESET("password-reset"),
    REFRESH_REUSED("refresh-reused"),
    USER_DELETED("user-deleted"),
    BANNED("banned"),
    RELEASED("released"),
    SESSION_DELETED("session-deleted"),
    EMAIL_CHANGED("email-changed"),
    EMAIL_CHANGE_UNDONE("email-change-undone"),
    ADMIN("admin");

    private final String wire;

    RevokeReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
