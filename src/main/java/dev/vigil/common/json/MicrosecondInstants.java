package dev.vigil.common.json;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Instants in request bodies are cut to microseconds as they are read, PostgreSQL's precision. The
 * clock does the same for every instant Vigil makes itself, so one stored instant is written the
 * same way in every response: the answer to a PUT and a later GET agree character for character.
 */
@Singleton
public class MicrosecondInstants implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("vigil-microsecond-instants")
                .addDeserializer(Instant.class, new Truncating()));
    }

    /** Reads an instant as Jackson does, then drops what is below a microsecond. */
    static final class Truncating extends StdDeserializer<Instant> {

        Truncating() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Instant read = InstantDeserializer.INSTANT.deserialize(parser, context);
            return read == null ? null : read.truncatedTo(ChronoUnit.MICROS);
        }
    }
}
