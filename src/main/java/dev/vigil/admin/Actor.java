package dev.vigil.admin;

import java.util.UUID;

import dev.vigil.common.http.ClientInfo;
import dev.vigil.common.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;

/** The admin behind a request: who, whether a superuser, from where. */
public record Actor(UUID id, boolean superuser, ClientInfo client) {

    public static Actor of(SecurityIdentity identity, ClientInfo client) {
        return new Actor(Caller.of(identity).userId(), identity.hasRole(Roles.SUPERUSER), client);
    }
}
