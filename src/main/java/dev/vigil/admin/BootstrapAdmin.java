package dev.vigil.admin;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.vigil.common.error.FieldError;
import dev.vigil.user.RegistrationService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Creates the superuser of {@code vigil.bootstrap-admin.*} at start when no superuser exists. A
 * configuration that is incomplete or breaks the username, email or password rules stops the start:
 * an operator who set it expects an admin to log in with.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final BootstrapAdminConfig config;
    private final RegistrationService registration;

    public BootstrapAdmin(BootstrapAdminConfig config, RegistrationService registration) {
        this.config = config;
        this.registration = registration;
    }

    /**
     * Runs on the start-up thread, which may block. Hibernate Reactive needs a Vert.x context, which
     * {@link VertxContextSupport#subscribeAndAwait} provides; the start waits for the result so the
     * instance is never ready without its superuser.
     */
    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.username().isEmpty() && config.email().isEmpty() && config.password().isEmpty()) {
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
}
