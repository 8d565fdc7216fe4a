package dev.vigil.audit;

/** Every kind of security event, with its name on the wire and in the audit log. */
public enum SecurityEventType {
    LOGIN_SUCCEEDED("login.succeeded"),
    LOGIN_FAILED("login.failed"),
    ACCOUNT_LOCKED("account.locked"),
    ACCOUNT_UNLOCKED("account.unlocked"),
    PASSWORD_CHANGED("password.changed"),
    PASSWORD_RESET("password.reset"),
    EMAIL_VERIFIED("email.verified"),
    EMAIL_CHANGED("email.changed"),
    EMAIL_CHANGE_UNDONE("email.change-undone"),
    SESSION_REVOKED("session.revoked"),
    REFRESH_REUSED("refresh.reused"),
    MFA_ENABLED("mfa.enabled"),
    MFA_DISABLED("mfa.disabled"),
    PASSKEY_ADDED("passkey.added"),
    PASSKEY_REMOVED("passkey.removed"),
    APIKEY_CREATED("apikey.created"),
    APIKEY_REVOKED("apikey.revoked"),
    PROFILE_UPDATED("profile.updated"),
    USER_BANNED("user.banned"),
    USER_UNBANNED("user.unbanned"),
    ACCOUNT_RELEASED("account.released"),
    ACCOUNT_REAUTHORIZED("account.reauthorized"),
    USER_DELETED("user.deleted"),
    ADMIN_ROLE_CHANGED("admin.role-changed"),
    /** Repeated wrong admin PINs locked every PIN of the admin for a while. */
    ADMIN_PIN_LOCKED("admin-pin.locked");

    private final String wire;

    SecurityEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SecurityEventType fromWire(String wire) {
        for (SecurityEventType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown security event type");
    }
}
