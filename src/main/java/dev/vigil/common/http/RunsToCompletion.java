package dev.vigil.common.http;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A REST resource whose requests run to their end even when the client hangs up: the work a request
 * started (a transaction, an audit line, a mail in the outbox) is neither cut off half-way nor
 * reported as an ERROR, whoever disconnects and however often. Every resource carries it (an
 * architecture test checks). See {@link RunsToCompletionInterceptor}.
 */
@Inherited
@InterceptorBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface RunsToCompletion {
}
