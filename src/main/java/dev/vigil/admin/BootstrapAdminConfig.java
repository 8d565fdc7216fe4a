package dev.vigil.admin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The first superuser, created at start when no superuser exists. All three keys or none; there is
 * no default password, and the password policy applies.
 */
@ConfigMapping(prefix = "vigil.bootstrap-admin")
public interface BootstrapAdminConfig {

    /** Username of the first superuser; unset: none is created. */
    Optional<String> username();

    /** Email address of the first superuser (stored as verified). */
    Optional<String> email();

    /** Password of the first superuser; set it from the environment or a secret, never in a file in the repository. */
    Optional<String> password();
}
