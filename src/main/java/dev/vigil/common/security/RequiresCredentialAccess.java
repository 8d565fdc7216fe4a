package dev.vigil.common.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.security.PermissionsAllowed;

/**
 * Marks an endpoint that changes credentials. Callers who logged in (access tokens) may use it; API
 * keys only when scoped {@value ApiKeyScopes#CREDENTIALS}; anyone else gets 403 {@code forbidden}
 * (401 without credentials). The authentication mechanism grants the permission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
@PermissionsAllowed(ApiKeyScopes.CREDENTIALS)
public @interface RequiresCredentialAccess {
}
