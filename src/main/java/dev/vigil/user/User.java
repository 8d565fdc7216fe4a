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

/** A person who can log in. Never serialised directly: {@link UserResponse} is the API shape. */
@Entity
@Table(name = "users")
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

    public String passwordHash;

    public boolean emailVerified;

    public String pendingEmail;

    public String displayName;

    /** E.164. */
    public String phone;

    /** IANA zone id. */
    public String timezone;

    public String preferredContactMethod;

    /** Comma-separated, always starting with {@code user}. */
    @Column(name = "roles")
    public String rolesColumn;

    public int failedAttempts;

    public Instant lockedUntil;

    public int lockLevel;

    public Instant bannedAt;

    public Instant bannedUntil;

    public String banReason;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant lastLoginAt;

    /** Argon2id hash of the admin PIN, or null. Never shown anywhere, not even whether it exists. */
    public String adminPinHash;

    public Set<String> roles() {
        return new LinkedHashSet<>(Arrays.asList(rolesColumn.split(",")));
    }
}
