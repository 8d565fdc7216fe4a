package dev.vigil.common.error;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.vigil.common.json.ControlCharacters;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

/**
 * The input rules for what a request carries besides a JSON body, checked once before any route
 * sees the request; a request that breaks one is answered with a problem (and the usual security
 * headers, which are set before this runs):
 * <ul>
 * <li>a request target longer than {@code vigil.http.max-uri-length}: 414 {@code uri-too-long};</li>
 * <li>headers larger than {@code vigil.http.max-header-size}: 431 {@code headers-too-large};</li>
 * <li>a body without a {@code Content-Type}: 415 {@code unsupported-media-type}, instead of being
 * read as whatever the endpoint expects;</li>
 * <li>a control character ({@link ControlCharacters}) in the path: 404 {@code not-found}, since no
 * resource has such a name;</li>
 * <li>a control character in a query parameter: 400 {@code validation-failed} naming the parameter;</li>
 * <li>a form ({@code application/x-www-form-urlencoded}) is read here, within the body limit, and a
 * field with a control character is 400 {@code validation-failed} naming it, a broken escape 400
 * {@code malformed-request}, a field over {@code quarkus.http.limits.max-form-attribute-size} 413.
 * Quarkus REST then takes the fields parsed here; its own form parser leaves a request with a
 * broken escape unanswered.</li>
 * </ul>
 * JSON bodies get the same rules from {@link dev.vigil.common.json.RequestBodyMapper}. A request target
 * that is not a valid URI at all (a broken percent-escape, a raw space) never gets here: Quarkus
 * answers it with a bare 400 first.
 */
@ApplicationScoped
public class RequestHygiene {

    /** After the request id and the security headers, before the body limit and every route. */
    static final int ORDER = RouteErrorHandlers.BODY_LIMIT_ORDER - 3;
    /** Reads form bodies, then checks their fields. */
    static final int FORM_READ_ORDER = ORDER + 1;
    static final int FORM_CHECK_ORDER = ORDER + 2;

    private static final String FORM = "application/x-www-form-urlencoded";
    /** Context key: set while {@link #readForm} reads the body, so its failures are told apart. */
    private static final String READING_FORM = "vigil.reading-form";

    /** Per header line, the bytes beyond name and value: ": " and CRLF, as the HTTP codec counts them. */
    private static final int HEADER_LINE_OVERHEAD = 4;

    private final RouteErrorHandlers errors;
    private final int maxUriLength;
    private final long maxHeaderSize;
    private final BodyHandler formReader;
    private final long maxFormField;

    RequestHygiene(RouteErrorHandlers errors, HttpLimitsConfig limits,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size") MemorySize maxFormField) {
        this.errors = errors;
        this.maxFormField = maxFormField.asLongValue();
        this.maxUriLength = limits.maxUriLength();
        this.maxHeaderSize = limits.maxHeaderSize().asLongValue();
        this.formReader = BodyHandler.create(false)
                .setHandleFileUploads(false)
                .setMergeFormAttributes(false)
                .setBodyLimit(maxBodySize.map(MemorySize::asLongValue).orElse(-1L));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
        router.route().order(FORM_READ_ORDER).handler(this::readForm).failureHandler(this::formFailed);
        router.route().order(FORM_CHECK_ORDER).handler(this::checkForm);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        Problem problem = problemOf(request);
        if (problem == null) {
            context.next();
            return;
        }
        if (hasBody(request)) {
            // The body is never read, so the connection cannot be reused.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        errors.send(context, problem);
    }

    private void readForm(RoutingContext context) {
        if (isForm(context.request()) && hasBody(context.request())) {
            // Parses the fields into formAttributes(); a broken escape or an oversized body or field
            // fails the request, see formFailed.
            context.put(READING_FORM, Boolean.TRUE);
            formReader.handle(context);
        } else {
            context.next();
        }
    }

    /** A form that could not be read: too large (413), else unreadable (400). Other failures go on. */
    private void formFailed(RoutingContext context) {
        if (!Boolean.TRUE.equals(context.remove(READING_FORM)) || context.response().ended()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        String message = failure == null || failure.getMessage() == null ? "" : failure.getMessage();
        if (context.statusCode() == 413 || failure instanceof HttpException http && http.getStatusCode() == 413) {
            context.next(); // the body limit: RouteErrorHandlers answers it
        } else if (message.startsWith("Size exceed")) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            errors.send(context, Problem.of(CommonError.PAYLOAD_TOO_LARGE, "A form field must not exceed "
                    + maxFormField + " bytes"));
        } else {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            errors.send(context, FrameworkProblems.malformed("The form could not be read"));
        }
    }

    private void checkForm(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!isForm(request) || !hasBody(request)) {
            context.next();
            return;
        }
        MultiMap fields = request.formAttributes();
        if (fields.isEmpty()) {
            // Quarkus REST would wait for a body that was already read.
            errors.send(context, FrameworkProblems.malformed("The form has no fields"));
            return;
        }
        for (Map.Entry<String, String> field : fields) {
            if (ControlCharacters.forbidden(field.getKey(), false) || ControlCharacters.forbidden(field.getValue(), false)) {
                errors.send(context, invalidParameter(field.getKey(), ControlCharacters.MESSAGE));
                return;
            }
        }
        context.next();
    }

    private static boolean isForm(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    private Problem problemOf(HttpServerRequest request) {
        String uri = request.uri();
        if (uri.length() > maxUriLength) {
            return FrameworkProblems.uriTooLong();
        }
        if (headerSize(request) > maxHeaderSize) {
            return FrameworkProblems.headersTooLarge();
        }
        if (hasBody(request) && isBlank(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return Problem.of(CommonError.UNSUPPORTED_MEDIA_TYPE, "A request body needs a Content-Type header");
        }
        int queryStart = uri.indexOf('?');
        String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
        if (ControlCharacters.forbidden(decode(path, false), false)) {
            return FrameworkProblems.notFound();
        }
        return queryStart < 0 ? null : queryProblem(uri.substring(queryStart + 1));
    }

    private static Problem queryProblem(String query) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            if (ControlCharacters.forbidden(name, false) || ControlCharacters.forbidden(value, false)) {
                return invalidParameter(name, ControlCharacters.MESSAGE);
            }
        }
        return null;
    }

    private static Problem invalidParameter(String name, String message) {
        return Problem.validationFailed(List.of(new FieldError(name, message)));
    }

    private static long headerSize(HttpServerRequest request) {
        long size = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + HEADER_LINE_OVERHEAD;
        }
        return size;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Percent-decodes one path or query component as UTF-8 ({@code +} is a space in a query). A broken
     * escape is kept as it is: Quarkus refuses a request target with one (a bare 400) before any route
     * runs, so none arrives here. Bytes that are not UTF-8 become U+FFFD.
     */
    static String decode(String component, boolean query) {
        if (component.indexOf('%') < 0 && !(query && component.indexOf('+') >= 0)) {
            return component;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            int high = c == '%' && i + 2 < component.length() ? Character.digit(component.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(component.charAt(i + 2), 16);
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
