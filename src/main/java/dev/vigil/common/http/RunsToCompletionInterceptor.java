package dev.vigil.common.http;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.smallrye.mutiny.Uni;

/**
 * Detaches a resource method's work from the client's connection. When a client disconnects, the
 * REST layer cancels the {@link Uni} it subscribed to; a cancelled chain stops wherever it is, and
 * Hibernate Reactive then closes its session under a running statement (an open transaction rolled
 * back, several ERROR lines with stack traces per request). Memoizing the Uni puts a shared stage in
 * between whose subscribers may leave while the work itself goes on to its end; the answer is then
 * simply not delivered.
 */
@RunsToCompletion
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class RunsToCompletionInterceptor {

    @AroundInvoke
    Object detach(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        if (result instanceof Uni<?> work) {
            return work.memoize().indefinitely();
        }
        return result;
    }
}
