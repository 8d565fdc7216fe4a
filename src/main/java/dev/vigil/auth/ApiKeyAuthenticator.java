package dev.vigil.auth;

import io.smallrye.mutiny.Uni;

/** Checks bearer credentials that are API keys rather than access tokens (implemented by the apikey feature). */
public interface ApiKeyAuthenticator {

    /** Whether the bearer credential has the shape of an API key (its visible prefix). */
    boolean recognizes(String bearer);

    /** The grant of a live key, or a null item when the key is unknown, expired, revoked or its owner blocked. */
    Uni<ApiKeyGrant> authenticate(String key);
}
