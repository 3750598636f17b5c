package io.llmwatch.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.time.Instant;

/**
 * The one Jackson configuration every llmwatch record is written and read with: snake_case field
 * names (as in the OpenTelemetry GenAI conventions), RFC 3339 instants, absent fields omitted, and
 * unknown fields tolerated so that newer producers do not break older consumers.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    private Json() {
    }

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies llmwatch's JSON conventions to a mapper (also used for the YAML config mapper). */
    public static <M extends ObjectMapper> M configure(M mapper) {
        mapper.registerModule(new JavaTimeModule());
        // after JavaTimeModule, so that it wins for Instant; it hands what it does not parse to JavaTimeModule's
        mapper.registerModule(new SimpleModule("llmwatch-instants").addDeserializer(Instant.class, new CanonicalInstantDeserializer()));
        // Binds fields through generated lambdas instead of reflection: every call and scored call
        // goes through this mapper on the hot path of the scorer.
        mapper.registerModule(new BlackbirdModule());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // Doubles to text with Schubfach instead of the JDK 17 Double.toString, whose FDBigInteger
        // arithmetic was a fifth of writing a scored call (costs, scores; docs/throughput.md). Both
        // write text that reads back as the same double.
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        return mapper;
    }
}
