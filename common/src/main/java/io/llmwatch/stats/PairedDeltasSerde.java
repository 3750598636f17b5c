package io.llmwatch.stats;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary Kafka {@link Serde} for {@link PairedDeltas}, for a state store (not a topic:
 * comparisons go out as JSON records). Layout, big-endian: a format byte; n, mean and sum of squared
 * deviations; the confidence sequence's alpha, count, seven sums and bounds and its contradiction
 * flag; the reservoir's capacity, count seen, generator state, size and values as floats. About
 * 140 bytes plus 4 per reservoir value (8 KB at the default 2,000). Null maps to null both ways.
 */
public final class PairedDeltasSerde implements Serde<PairedDeltas> {

    @Override
    public Serializer<PairedDeltas> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(value.serializedSize());
            value.writeTo(out);
            return out.array();
        };
    }

    @Override
    public Deserializer<PairedDeltas> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                PairedDeltas deltas = PairedDeltas.readFrom(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException(in.remaining() + " trailing bytes");
                }
                return deltas;
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("cannot read PairedDeltas from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
