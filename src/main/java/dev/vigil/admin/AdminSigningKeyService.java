package dev.vigil.admin;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.vigil.audit.SecurityEvents;
import dev.vigil.auth.SigningKeyRotation;
import dev.vigil.auth.SigningKeyRotation.Rotation;
import io.smallrye.mutiny.Uni;

/** A superuser's rotation of the token signing key: PIN first, then the rotation. */
@ApplicationScoped
public class AdminSigningKeyService {

    private static final Logger AUDIT = Logger.getLogger(SecurityEvents.LOG_CATEGORY);

    private final AdminPinService pins;
    private final SigningKeyRotation rotation;

    public AdminSigningKeyService(AdminPinService pins, SigningKeyRotation rotation) {
        this.pins = pins;
        this.rotation = rotation;
    }

    public Uni<Rotation> rotate(Actor actor, String pin) {
        return pins.require(actor.id(), pin, actor.client())
                .chain(rotation::rotate)
                .invoke(done -> AUDIT.infof("event=signing-key.rotated outcome=%s actor=%s ip=%s kid=%s signs_from=%s",
                        done.created() ? "created" : "already-waiting", actor.id(), actor.client().ip(), done.kid(),
                        done.signsFrom()));
    }
}
