package dev.vigil.common.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document, the body of every error response Vigil sends.
 *
 * <p>Serialised as {@code {"type", "title", "status", "detail", "errors"?, ...extensions}}: {@code errors}
 * appears only when there are field errors, and each extension ({@code locked_until}, {@code reason}, ...)
 * becomes a top-level member under exactly the name it was given.
 *
 * @param type the problem type URL, {@code https://vigil.dev/problems/<slug>}
 * @param title short, stable summary of the problem type
 * @param status the HTTP status code, repeated in the body
 * @param detail explanation of this occurrence; must be safe to show to anyone
 * @param errors the invalid request fields, empty unless validation failed
 * @param extensions extra top-level members; any named like a standard member is dropped
 */
@JsonPropertyOrder({ "type", "title", "status", "detail", "errors" })
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    /** The media type of every problem response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The prefix of every problem {@code type}; the slug follows it. */
    public static final String TYPE_BASE = "https://vigil.dev/problems/";

    /** The challenge of every 401: Vigil takes bearer credentials only (access tokens and API keys). */
    public static final String BEARER_CHALLENGE = "Bearer";

    /** Extension member with the seconds to wait; also sent as the {@code Retry-After} header. */
    public static final String RETRY_AFTER = "retry_after";

    private static final int UNAUTHORIZED_STATUS = 401;

    private static final Set<String> RESERVED_MEMBERS = Set.of("type", "title", "status", "detail", "errors");

    /** Copies the collections so a problem cannot change after it was built. */
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        Map<String, Object> members = new LinkedHashMap<>();
        if (extensions != null) {
            // Null values are kept on purpose ("banned_until": null means "permanent").
            extensions.forEach((name, value) -> {
                if (!RESERVED_MEMBERS.contains(name)) {
                    members.put(name, value);
                }
            });
        }
        extensions = Collections.unmodifiableMap(members);
    }

    /** A problem of the given kind with this occurrence's detail. */
    public static Problem of(ErrorCode code, String detail) {
        return of(code, detail, List.of());
    }

    /** A problem of the given kind listing invalid fields. */
    public static Problem of(ErrorCode code, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + code.slug(), code.title(), code.status(), detail, errors, Map.of());
    }

    /** The problem describing a domain exception, with its field errors and extension members. */
    public static Problem from(VigilException exception) {
        ErrorCode code = exception.code();
        return new Problem(TYPE_BASE + code.slug(), code.title(), code.status(), exception.getMessage(),
                exception.fieldErrors(), exception.extensions());
    }

    /** A 400 {@code validation-failed} problem listing the invalid fields. */
    public static Problem validationFailed(List<FieldError> errors) {
        return of(CommonError.VALIDATION_FAILED, "The request is not valid", errors);
    }

    /** This problem with one more extension member (or that member replaced). */
    public Problem with(String name, Object value) {
        Map<String, Object> members = new LinkedHashMap<>(extensions);
        members.put(name, value);
        return new Problem(type, title, status, detail, errors, members);
    }

    /** The extension members, written at the top level of the JSON document. */
    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** This problem as a JAX-RS response with the {@code application/problem+json} media type. */
    public RestResponse<Problem> toResponse() {
        return toResponseBuilder().build();
    }

    /**
     * A response builder preset with status, media type and this body, for adding headers. A 401 also
     * gets {@code WWW-Authenticate: Bearer}, which RFC 9110 requires and Vigil's clients expect.
     */
    public RestResponse.ResponseBuilder<Problem> toResponseBuilder() {
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(this)
                .type(MEDIA_TYPE);
        if (status == UNAUTHORIZED_STATUS) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        Object retryAfter = extensions().get(RETRY_AFTER);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder;
    }

    /** This problem as a plain JAX-RS {@link Response}, for filters that must abort a request. */
    public Response toJaxrsResponse() {
        return toResponse().toResponse();
    }
}
