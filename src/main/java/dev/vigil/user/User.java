package dev.vigil.user;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A person who can log in. Never serialised directly: {@link UserResponse} is the API shape.
 *
 * <p>Writes never undo each other: a flush writes only the columns that changed
 * ({@link DynamicUpdate}), so a profile edit cannot put back a ban, a role or a password that another
 * request changed meanwhile. The credentials in this row (password hash, lockout state, admin PIN)
 * belong to the auth feature, which alone writes them; this entity only sets the first password hash
 * when the user is created, and does not map the rest.
 */
@Entity
@Table(name = "users")
@DynamicUpdate
public class User {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_SUPERUSER = "superuser";

    @Id
    public UUID id;

    /** Lower-case, 3–32 characters of {@code a-z 0-9 . _ -}. */
    public String username;

    /** As given at registration; unique case-insensitively. */
    public String email;

    /** Written once here, at creation; changed only by the auth feature's credentials. */
    @Column(updatable = false)
    public String passwordHash;

    public boolean emailVerified;

    public String pendingEmail;

    /** The session that asked for the pending address; it stays when the address is confirmed. */
    public UUID pendingEmailSessionId;

    public String displayName;

    /** E.164. */
    public String phone;

    /** IANA zone id. */
    public String timezone;

    public String preferredContactMethod;

    /** Comma-separated, always starting with {@code user}. */
    @Column(name = "roles")
    public String rolesColumn;

    public Instant bannedAt;

    public Instant bannedUntil;

    public String banReason;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant lastLoginAt;

    public Set<String> roles() {
        return new LinkedHashSet<>(Arrays.asList(rolesColumn.split(",")));
    }
}
