package dev.vigil.common.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.vigil.common.error.FieldError;

/**
 * The real hasher bean inside the running application: hashing leaves the event loop for the
 * {@code vigil-password-hash} pool and comes back on the very (duplicated) context that asked, which
 * is where a Hibernate Reactive session lives.
 */
@QuarkusTest
class PasswordHashingPoolTest {

    private static final String PASSWORD = "a long enough passphrase";

    @Inject
    PasswordHasher hasher;

    @Inject
    PasswordConfig config;

    @Inject
    PasswordPolicy policy;

    @Inject
    Vertx vertx;

    @Test
    void hashRunsOnHashPoolAndResumesOnCallersEventLoopContext() throws Exception {
        Observed<String> observed = runOnEventLoop(() -> hasher.hash(PASSWORD));

        assertTrue(observed.workerThread().startsWith(PasswordHasher.POOL_NAME), observed.workerThread());
        assertObservedBackOnCaller(observed);
        assertTrue(observed.value().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), "configured defaults are used");
    }

    @Test
    void verifyRunsOnHashPoolAndResumesOnCallersEventLoopContext() throws Exception {
        String stored = hasher.hash(PASSWORD).await().indefinitely();

        Observed<PasswordCheck> observed = runOnEventLoop(() -> hasher.verify(PASSWORD, stored));

        assertEquals(new PasswordCheck(true, false), observed.value());
        assertTrue(observed.workerThread().startsWith(PasswordHasher.POOL_NAME), observed.workerThread());
        assertObservedBackOnCaller(observed);
    }

    @Test
    void unknownUserIsCheckedOnHashPoolToo() throws Exception {
        long before = hasher.argon2Runs();

        Observed<PasswordCheck> observed = runOnEventLoop(() -> hasher.verify(PASSWORD, null));

        assertEquals(PasswordCheck.NO_MATCH, observed.value());
        assertEquals(before + 1, hasher.argon2Runs());
        assertTrue(observed.workerThread().startsWith(PasswordHasher.POOL_NAME), observed.workerThread());
        assertObservedBackOnCaller(observed);
    }

    @Test
    void defaultsMatchTheDocumentedConfiguration() {
        assertEquals(12, config.minLength());
        assertEquals(19456, config.argon2().memoryKib());
        assertEquals(2, config.argon2().iterations());
        assertEquals(1, config.argon2().parallelism());
        assertTrue(hasher.dummyHash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void policyBeanRefusesPasswordsFromTheBundledList() {
        assertEquals(List.of(new FieldError("new_password", "is too common")),
                policy.check("new_password", "Password1234", "alice", "alice@example.com"));
        assertEquals(List.of(), policy.check("new_password", "a long enough passphrase", "alice", "alice@example.com"));
    }

    private static void assertObservedBackOnCaller(Observed<?> observed) {
        assertTrue(observed.callerThread().startsWith("vert.x-eventloop-thread"), observed.callerThread());
        assertEquals(observed.callerThread(), observed.continuationThread(), "continues on the caller's event loop");
        assertSame(observed.callerContext(), observed.continuationContext(), "continues on the caller's context");
    }

    /** Subscribes on a fresh duplicated event-loop context, the way a request handler would. */
    private <T> Observed<T> runOnEventLoop(Supplier<Uni<T>> call) throws Exception {
        Context duplicated = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Observed<T>> result = new CompletableFuture<>();
        duplicated.runOnContext(ignored -> {
            String callerThread = Thread.currentThread().getName();
            Context callerContext = Vertx.currentContext();
            call.get().subscribe().with(
                    value -> result.complete(new Observed<>(value, callerThread, callerContext,
                            Thread.currentThread().getName(), Vertx.currentContext(), hasher.lastArgon2Thread())),
                    result::completeExceptionally);
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private record Observed<T>(T value, String callerThread, Context callerContext, String continuationThread,
            Context continuationContext, String workerThread) {
    }
}
