package dev.vigil.ratelimit;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import dev.vigil.common.error.VigilException;
import dev.vigil.common.http.ClientInfo;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies {@link RateLimited} to a resource method: counts the call against the client's IP and its
 * subject and, over a limit, refuses it with 429 before the method (or the validation of its body) runs.
 *
 * <p>The IP is the socket's peer ({@link ClientInfo}), or the forwarded client address only when
 * {@code quarkus.http.proxy.*} trusts a proxy, so a made-up {@code X-Forwarded-For} cannot dodge a
 * limit. The subject is the first argument implementing {@link RateLimitSubject}, else the
 * authenticated caller's user id. Only annotated methods pay anything; the check is in memory.
 *
 * <p>For a kind whose subject limit counts failures only (logins), the interceptor watches the
 * answer: a call the service refuses with 401 is reported to {@link RateLimits#failed}.
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
        if (!limits.enabled()) {
            return invocation.proceed();
        }
        RateLimited limited = binding(invocation);
        RoutingContext routing = request.getCurrent();
        if (limited == null || routing == null) {
            return invocation.proceed();
        }
        RateLimitKind kind = limited.value();
        String ip = ClientInfo.of(routing.request()).ip();
        String subject = subject(invocation.getParameters(), routing);
        limits.check(kind, ip, subject);
        if (!kind.subjectCountsFailuresOnly() || subject == null) {
            return invocation.proceed();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (VigilException e) {
            if (unauthenticated(e)) {
                limits.failed(kind, ip, subject);
            }
            throw e;
        }
        if (result instanceof Uni<?> answer) {
            return answer.onFailure(RateLimitInterceptor::unauthenticated)
                    .invoke(() -> limits.failed(kind, ip, subject));
        }
        return result;
    }

    /** A refused credential (wrong password, unknown login, wrong code) is a 401 from the service. */
    private static boolean unauthenticated(Throwable failure) {
        return failure instanceof VigilException e && e.code().problemType().status() == 401;
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
