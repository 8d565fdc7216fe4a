package dev.vigil.support;

import java.util.UUID;

import javax.sql.DataSource;

import dev.vigil.common.token.OneTimeTokens;
import dev.vigil.common.token.TokenPurpose;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Tokens for mailed links, made by {@link OneTimeTokens#issue}: the code that the outbox dispatcher
 * runs when it sends a mail with a link. The service under test then checks and spends them as it
 * would a mailed one.
 *
 * <p>Until the dispatcher delivers mail in tests there is no mail to read the link from. Once it
 * does, prefer the link in the delivered mail: a token minted here is replaced (deleted) when the
 * dispatcher issues its own for the same user and purpose, e.g. for the verification mail that
 * registration queues.
 */
public final class LinkTokens {

    private LinkTokens() {
    }

    /** A fresh token of {@code purpose} for the user with this username; {@code target} as the mail would carry. */
    public static String issue(DataSource dataSource, TokenPurpose purpose, String username, String target) {
        UUID userId = (UUID) Db.single(dataSource, "SELECT id FROM users WHERE username = lower(?)", username);
        OneTimeTokens tokens = Arc.container().instance(OneTimeTokens.class).get();
        try {
            return VertxContextSupport.subscribeAndAwait(() -> tokens.issue(purpose, userId, target));
        } catch (Throwable e) {
            throw new IllegalStateException("Could not issue a link token", e);
        }
    }
}
