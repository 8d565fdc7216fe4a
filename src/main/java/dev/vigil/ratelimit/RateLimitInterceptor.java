package dev.vigil.ratelimit;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import dev.vigil.common.http.ClientInfo;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies {@link RateLimited} to a resource method: counts the call against the client's IP and its
 * subject and, over a limit, refuses it with 429 before the method (or the validation of its body) runs.
 *
 * <p>The IP is the socket's peer ({@link ClientInfo}), or the forwarded client address only when
 * {@code quarkus.http.proxy.*} trusts a proxy, so a made-up {@code X-Forwarded-For} cannot dodge a
 * limit. The subject is the first argument implementing {@link RateLimitSubject}, else the
 * authenticated caller's user id. Only annotated methods pay anything; the check is in memory.
 */
// The kind is @Nonbinding, so this binds every kind, not only LOGIN.
@RateLimited(RateLimitKind.LOGIN)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class RateLimitInterceptor {

    private final RateLimits limits;
    private final CurrentVertxRequest request;

    public RateLimitInterceptor(RateLimits limits, CurrentVertxRequest request) {
        this.limits = limits;
        this.request = request;
    }

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        if (limits.enabled()) {
            RateLimited limited = binding(invocation);
            RoutingContext routing = request.getCurrent();
            if (limited != null && routing != null) {
                String ip = ClientInfo.of(routing.request()).ip();
                limits.check(limited.value(), ip, subject(invocation.getParameters(), routing));
            }
        }
        return invocation.proceed();
    }

    private static RateLimited binding(InvocationContext invocation) {
        RateLimited limited = invocation.getInterceptorBinding(RateLimited.class);
        if (limited == null) {
            limited = invocation.getMethod().getAnnotation(RateLimited.class);
        }
        return limited;
    }

    private static String subject(Object[] arguments, RoutingContext routing) {
        for (Object argument : arguments) {
            if (argument instanceof RateLimitSubject subject) {
                return subject.rateLimitSubject();
            }
        }
        if (routing.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return user.getSecurityIdentity().getPrincipal().getName();
        }
        return null;
    }
}
