package io.llmwatch.stats;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact binary state-store serdes of the statistics: each type says its size and writes and
 * reads itself; this class allocates, rejects trailing or truncated bytes with the type's name, and
 * maps null to null both ways.
 */
abstract class StateSerde<T> implements Serde<T> {

    private final String name;

    StateSerde(String name) {
        this.name = name;
    }

    abstract int size(T value);

    abstract void write(T value, ByteBuffer out);

    abstract T read(ByteBuffer in);

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(size(value));
            write(value, out);
            return out.array();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                T value = read(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException(in.remaining() + " trailing bytes");
                }
                return value;
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("cannot read " + name + " from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
