package dev.vigil.admin;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.audit.SecurityEvents;
import dev.vigil.auth.SigningKeyRotation;
import dev.vigil.auth.SigningKeyRotation.Rotation;
import io.smallrye.mutiny.Uni;

/** A superuser's rotation of the token signing key (the PIN was checked at the endpoint). */
@ApplicationScoped
public class AdminSigningKeyService {

    private static final Logger AUDIT = Logger.getLogger(SecurityEvents.LOG_CATEGORY);

    private final SigningKeyRotation rotation;

    public AdminSigningKeyService(SigningKeyRotation rotation) {
        this.rotation = rotation;
    }

    public Uni<Rotation> rotate(Actor actor) {
        return rotation.rotate()
                .invoke(done -> AUDIT.infof("event=signing-key.rotated outcome=%s actor=%s ip=%s kid=%s signs_from=%s",
                        done.created() ? "created" : "already-waiting", actor.id(), actor.client().ip(), done.kid(),
                        done.signsFrom()));
    }
}
