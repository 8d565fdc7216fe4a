package dev.vigil.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Reads every string of a request body as Jackson's own {@link StringDeserializer} does (with the
 * application's coercion rules), then refuses control characters; a property marked {@link FreeText}
 * may hold tab, CR and LF. Strings inside lists and untyped values are read by it too.
 */
final class RequestTextDeserializer extends StdScalarDeserializer<String> implements ContextualDeserializer {

    static final RequestTextDeserializer STRICT = new RequestTextDeserializer(false);
    private static final RequestTextDeserializer FREE_TEXT = new RequestTextDeserializer(true);

    private final boolean freeText;

    private RequestTextDeserializer(boolean freeText) {
        super(String.class);
        this.freeText = freeText;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        return property != null && property.getAnnotation(FreeText.class) != null ? FREE_TEXT : STRICT;
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && ControlCharacters.forbidden(value, freeText)) {
            throw new ControlCharacterException(parser, freeText);
        }
        return value;
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Textual;
    }

    @Override
    public boolean isCachable() {
        return true;
    }
}
