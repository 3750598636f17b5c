package io.llmwatch.json;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for llmwatch records written as UTF-8 JSON with {@link Json#mapper()}.
 * Null maps to null both ways so that tombstones on compacted topics pass through.
 *
 * <p>It trusts its input: topics fed from outside llmwatch ({@code llmwatch.calls},
 * {@code llmwatch.evaluations}, {@code llmwatch.control}) are read as bytes and validated with
 * {@link io.llmwatch.validate.EventReader}, so that one bad record goes to the dead-letter topic
 * instead of stopping a topology.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final JavaType type;

    private JsonSerde(JavaType type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(Json.mapper().constructType(type));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return Json.mapper().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type + " from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
