package dev.vigil.admin;

import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.vigil.common.error.FieldError;
import dev.vigil.common.password.PasswordConfig;
import dev.vigil.devtools.DevAdmin;
import dev.vigil.devtools.DevToolsConfig;
import dev.vigil.user.RegistrationService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Creates the superuser of {@code vigil.bootstrap-admin.*} at start when no superuser exists. A
 * configuration that is incomplete or breaks the username, email or password rules stops the start:
 * an operator who set it expects an admin to log in with.
 *
 * <p>With none of it configured and the dev tools on ({@code vigil.dev-tools.enabled}, dev mode), the
 * first start creates the dev admin instead, with a random password that it prints once to the
 * console: nobody else could know it. Only the start that creates it prints anything.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    /** Frames the dev admin's credentials in the console. */
    private static final String RULE = "=".repeat(72);
    /** Random passwords that the policy refuses before the dev admin start gives up (a freak chance each). */
    private static final int DEV_PASSWORD_TRIES = 10;

    private final BootstrapAdminConfig config;
    private final DevToolsConfig devTools;
    private final PasswordConfig passwords;
    private final RegistrationService registration;
    private final SecureRandom random = new SecureRandom();

    public BootstrapAdmin(BootstrapAdminConfig config, DevToolsConfig devTools, PasswordConfig passwords,
            RegistrationService registration) {
        this.config = config;
        this.devTools = devTools;
        this.passwords = passwords;
        this.registration = registration;
    }

    /**
     * Runs on the start-up thread, which may block. Hibernate Reactive needs a Vert.x context, which
     * {@link VertxContextSupport#subscribeAndAwait} provides; the start waits for the result so the
     * instance is never ready without its superuser.
     */
    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.username().isEmpty() && config.email().isEmpty() && config.password().isEmpty()) {
            if (devTools.enabled()) {
                createDevAdmin();
            }
            return;
        }
        if (config.username().isEmpty() || config.email().isEmpty() || config.password().isEmpty()) {
            throw new IllegalStateException("vigil.bootstrap-admin needs username, email and password together");
        }
        String username = config.username().get();
        String email = config.email().get();
        List<FieldError> problems = registration.superuserProblems(username, email, config.password().get());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("vigil.bootstrap-admin is not acceptable: " + problems.stream()
                    .map(problem -> problem.field() + " " + problem.message())
                    .collect(Collectors.joining("; ")));
        }
        boolean created = VertxContextSupport.subscribeAndAwait(
                () -> registration.createFirstSuperuser(username, email, config.password().get()));
        if (created) {
            LOG.infof("Created the bootstrap superuser %s", username);
        } else {
            LOG.debug("A superuser exists; vigil.bootstrap-admin is ignored");
        }
    }

    /**
     * Creates the dev admin unless somebody holds the admin role or has its username, and then logs
     * its password, the one time it is ever known. Runs on the start-up thread, like {@link #onStart}.
     *
     * @return whether it was created
     */
    boolean createDevAdmin() throws Throwable {
        String password = devAdminPassword();
        boolean created = VertxContextSupport.subscribeAndAwait(
                () -> registration.createFirstAdmin(DevAdmin.USERNAME, DevAdmin.EMAIL, password));
        if (created) {
            LOG.info(String.join("\n", "",
                    RULE,
                    "  Dev admin created (vigil.dev-tools.enabled). This is the only time the password is shown.",
                    "    username: " + DevAdmin.USERNAME,
                    "    password: " + password,
                    "  Roles user, admin and superuser. More on the dev tools at /dev.",
                    RULE));
        } else {
            LOG.debug("An admin exists or the dev admin's username is taken; no dev admin is created");
        }
        return created;
    }

    /**
     * A random password, at least as long as the policy asks, that passes the policy (a random one
     * fails it only by freak chance, by containing the username, say).
     */
    private String devAdminPassword() {
        int length = Math.max(DevAdmin.PASSWORD_LENGTH, passwords.minLength());
        List<FieldError> problems = List.of();
        for (int i = 0; i < DEV_PASSWORD_TRIES; i++) {
            String password = DevAdmin.newPassword(random, length);
            problems = registration.superuserProblems(DevAdmin.USERNAME, DevAdmin.EMAIL, password);
            if (problems.isEmpty()) {
                return password;
            }
        }
        throw new IllegalStateException("No random dev admin password passes the password policy: " + problems.stream()
                .map(problem -> problem.field() + " " + problem.message())
                .collect(Collectors.joining("; ")));
    }
}
