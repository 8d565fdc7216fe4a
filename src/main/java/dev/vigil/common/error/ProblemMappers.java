package dev.vigil.common.error;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.vigil.common.db.DatabaseOutages;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every exception that leaves a REST resource, or that Quarkus REST raises before reaching one,
 * into an RFC 9457 {@code application/problem+json} response.
 *
 * <p>These mappers replace the built-in ones of Quarkus REST, Quarkus Security, Hibernate Validator and
 * Jackson for the same exception types, which answer with empty bodies or their own JSON shapes.
 * Redirects ({@code AuthenticationRedirectException}, 3xx {@link WebApplicationException}s) are left
 * as they are.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;
    private final DatabaseOutages outages;

    ProblemMappers(AllowedMethods allowedMethods, DatabaseOutages outages) {
        this.allowedMethods = allowedMethods;
        this.outages = outages;
    }

    /** A domain failure: its code's status, slug and title, its message, field errors and extensions. */
    @ServerExceptionMapper
    public RestResponse<Problem> vigil(VigilException exception) {
        return Problem.from(exception).toResponse();
    }

    /**
     * Bean Validation of resource parameters and {@code @Valid} bodies: 400 {@code validation-failed}
     * naming each field as the client spelled it. A {@code @NotNull} body that was not sent is a
     * {@code malformed-request}; a violated return value is our bug, so a 500.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> constraintViolation(ConstraintViolationException exception) {
        var violations = exception.getConstraintViolations();
        if (violations.stream().anyMatch(ViolationFields::isReturnValue)) {
            return FrameworkProblems.internalError(exception).toResponse();
        }
        if (violations.stream().anyMatch(ViolationFields::isMissingBody)) {
            return FrameworkProblems.malformed("A request body is required").toResponse();
        }
        List<FieldError> errors = violations.stream()
                .map(ViolationFields::toFieldError)
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return Problem.validationFailed(errors).toResponse();
    }

    /** Other Bean Validation failures (bad constraint definitions) are our bug. */
    @ServerExceptionMapper
    public RestResponse<Problem> validation(ValidationException exception) {
        return FrameworkProblems.internalError(exception).toResponse();
    }

    /**
     * The Jackson failures that the JSON body reader throws as they are: a wrong type
     * ({@code MismatchedInputException}, {@code InvalidFormatException}) or an unknown field
     * ({@code UnrecognizedPropertyException}). Overrides Quarkus's built-in mapper for exactly this
     * type. Unreadable JSON arrives wrapped in a {@link WebApplicationException} instead, see
     * {@link #webApplication}; any other Jackson exception is our own and ends as a 500. Services must
     * therefore not let Jackson exceptions from their own JSON handling escape.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> json(MismatchedInputException exception) {
        return readFailure(exception);
    }


    /**
     * 404 {@code not-found}, thrown by resources and by Quarkus REST for a path parameter that does not
     * convert. A query parameter that does not convert ({@code ?size=abc}) also arrives as a
     * {@code NotFoundException} (the JAX-RS rule), but it is a bad request: 400 naming the parameter.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> notFound(NotFoundException exception, ResourceInfo resource, UriInfo uriInfo) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (exception.getCause() != null && method != null) {
            Optional<FieldError> unconvertible = QueryParameters.firstUnconvertible(method, uriInfo.getQueryParameters());
            if (unconvertible.isPresent()) {
                return Problem.validationFailed(List.of(unconvertible.get())).toResponse();
            }
        }
        return FrameworkProblems.notFound().toResponse();
    }

    /** 405 {@code method-not-allowed}, with the {@code Allow} header RFC 9110 requires. */
    @ServerExceptionMapper
    public RestResponse<Problem> notAllowed(NotAllowedException exception, Request request, UriInfo uriInfo) {
        String allow = exception.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null || allow.isBlank()) {
            allow = allowedMethods.forPath(uriInfo.getPath());
        }
        RestResponse.ResponseBuilder<Problem> response = FrameworkProblems.methodNotAllowed(request.getMethod())
                .toResponseBuilder();
        if (!allow.isBlank()) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    /** 415 {@code unsupported-media-type}. */
    @ServerExceptionMapper
    public RestResponse<Problem> notSupported(NotSupportedException exception) {
        return FrameworkProblems.unsupportedMediaType().toResponse();
    }

    /** 406 {@code not-acceptable}. */
    @ServerExceptionMapper
    public RestResponse<Problem> notAcceptable(NotAcceptableException exception) {
        return FrameworkProblems.notAcceptable().toResponse();
    }

    /**
     * Any other JAX-RS exception. The JSON body reader wraps unreadable JSON in a plain 400
     * {@code WebApplicationException} whose cause is the Jackson exception; other client errors are
     * answered by their status; redirects pass through; server errors become a logged 500.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, Request request) {
        int status = exception.getResponse().getStatus();
        if (status < 400) {
            return exception.getResponse();
        }
        if (status >= 500) {
            return FrameworkProblems.internalError(exception).toJaxrsResponse();
        }
        if (exception.getCause() instanceof JsonProcessingException json) {
            return readFailure(json).toResponse();
        }
        return FrameworkProblems.forStatus(status, request.getMethod()).toJaxrsResponse();
    }

    /**
     * 401 {@code unauthorized}: no, bad or expired credentials, whether the resource's security check
     * found no identity or the authentication mechanism rejected the credentials (authentication is
     * lazy, so the mechanism's failure surfaces here). Challenges for a bearer token.
     */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public RestResponse<Problem> unauthorized(RuntimeException exception) {
        return FrameworkProblems.unauthorized().toResponse();
    }

    /** 403 {@code forbidden}: authenticated, but not allowed. */
    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException exception) {
        return FrameworkProblems.forbidden().toResponse();
    }

    /**
     * A database that cannot take the request (unreachable, reset, read-only, saturated) is a 503
     * {@code service-unavailable} with {@code Retry-After}, counted towards the outage and logged once
     * per outage. Everything else is our bug: 500 {@code internal-error}, logged with a reference that
     * the body repeats. The body never contains the exception's message or class.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable throwable) {
        if (outages.refused(throwable)) {
            return FrameworkProblems.serviceUnavailable().toResponse();
        }
        return FrameworkProblems.internalError(throwable).toResponse();
    }

    private static RestResponse<Problem> readFailure(JsonProcessingException exception) {
        if (JsonProblems.isServerSide(exception)) {
            return FrameworkProblems.internalError(exception).toResponse();
        }
        LOG.debugf("Unreadable request body: %s", exception.getOriginalMessage());
        return JsonProblems.toProblem(exception).toResponse();
    }
}
