package dev.vigil.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Throttles a resource method per client IP and per subject: one line opts an endpoint in, e.g.
 * {@code @RateLimited(RateLimitKind.MAIL)}. Over a limit the call is answered 429 {@code rate-limited}
 * with {@code Retry-After} before the method runs.
 *
 * <p>The subject is taken from the first argument that implements {@link RateLimitSubject} (the
 * request body), else from the authenticated caller; without either only the per-IP limit applies.
 * See {@link RateLimitInterceptor}.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface RateLimited {

    /** Whose budgets the endpoint spends. */
    @Nonbinding
    RateLimitKind value();
}
