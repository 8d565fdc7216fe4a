package dev.vigil.common.security;

import java.util.Set;

/**
 * What an API key may do beyond a user's ordinary endpoints. A key without scopes reaches what the
 * user reaches, except credential changes and admin endpoints.
 */
public final class ApiKeyScopes {

    /** Changing credentials: password, deletion, email, second factor, admin PIN, new API keys. */
    public static final String CREDENTIALS = "credentials";

    /** The {@code admin} role, while (and only if) the key's owner has it. */
    public static final String ADMIN = "admin";

    public static final Set<String> ALL = Set.of(CREDENTIALS, ADMIN);

    private ApiKeyScopes() {
    }
}
