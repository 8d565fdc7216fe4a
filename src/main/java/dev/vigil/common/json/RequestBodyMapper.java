package dev.vigil.common.json;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The JSON mapper of the REST layer: the application's mapper (snake_case, strict scalars, unknown
 * fields refused) plus the input rules that only make sense for what clients send, so they are
 * enforced once for every endpoint:
 * <ul>
 * <li>an object that names a member twice is unreadable ({@code malformed-request}), rather than the
 * last value silently winning or the record constructor failing;</li>
 * <li>anything after the JSON value but whitespace is unreadable too ({@code {"a":1}bla},
 * {@code {}{}});</li>
 * <li>control characters in strings are refused naming the field ({@link ControlCharacters}).</li>
 * </ul>
 * The application's own mapper stays as it was, so JSON that Vigil stored itself (audit details,
 * outbox payloads) is read back unchanged. Response bodies are written with this mapper as well;
 * it writes exactly as the application's mapper does.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class RequestBodyMapper implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    public RequestBodyMapper(ObjectMapper application) {
        this.mapper = strict(application);
    }

    /** A copy of {@code application} with the request input rules. */
    public static ObjectMapper strict(ObjectMapper application) {
        ObjectMapper strict = application.copy();
        strict.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.registerModule(new SimpleModule("vigil-request-text")
                .addDeserializer(String.class, RequestTextDeserializer.STRICT));
        return strict;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
