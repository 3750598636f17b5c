package io.llmwatch.stats;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary Kafka {@link Serde} for {@link SequentialEvidence}, for a state store (not a topic:
 * comparisons go out as JSON records). Layout, big-endian: a format byte; alpha, seed, restarts,
 * pairs before the last restart and the last alarm's text; the paired deltas in force in
 * {@link PairedDeltasSerde}'s layout; the change detector's alpha, count and its sequences, each with
 * its start. About 2 KB for the detector plus the deltas' 8 KB at a full reservoir. Null maps to
 * null both ways.
 */
public final class SequentialEvidenceSerde implements Serde<SequentialEvidence> {

    @Override
    public Serializer<SequentialEvidence> serializer() {
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
    public Deserializer<SequentialEvidence> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                SequentialEvidence deltas = SequentialEvidence.readFrom(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException(in.remaining() + " trailing bytes");
                }
                return deltas;
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("cannot read SequentialEvidence from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
