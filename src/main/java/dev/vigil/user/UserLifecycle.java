package dev.vigil.user;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.smallrye.mutiny.Uni;

/** Announces a {@link UserChange} to every {@link UserLifecycleListener}, one after the other, in the caller's transaction. */
@ApplicationScoped
public class UserLifecycle {

    private final Instance<UserLifecycleListener> listeners;

    public UserLifecycle(Instance<UserLifecycleListener> listeners) {
        this.listeners = listeners;
    }

    /** The facts the listeners reported, merged (for the change's audit event). */
    public Uni<Map<String, Object>> announce(UserChange change) {
        Map<String, Object> facts = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UserLifecycleListener listener : listeners) {
            chain = chain.chain(() -> listener.changed(change))
                    .invoke(facts::putAll)
                    .replaceWithVoid();
        }
        return chain.replaceWith(facts);
    }
}
