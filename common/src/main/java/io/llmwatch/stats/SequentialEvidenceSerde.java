package io.llmwatch.stats;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A compact binary Kafka {@link Serde} for {@link SequentialEvidence}, for a state store (not a topic:
 * comparisons go out as JSON records). Layout, big-endian: a format byte; alpha, seed, restarts,
 * pairs before the last restart and the last alarm's text; the paired deltas in force in
 * {@link PairedDeltasSerde}'s layout; the change detector's alpha, count and its sequences, each with
 * its start. About 2 KB for the detector plus the deltas' 8 KB at a full reservoir. Null maps to
 * null both ways.
 */
public final class SequentialEvidenceSerde extends StateSerde<SequentialEvidence> {

    public SequentialEvidenceSerde() {
        super("SequentialEvidence");
    }

    @Override
    int size(SequentialEvidence value) {
        return value.serializedSize();
    }

    @Override
    void write(SequentialEvidence value, ByteBuffer out) {
        value.writeTo(out);
    }

    @Override
    SequentialEvidence read(ByteBuffer in) {
        return SequentialEvidence.readFrom(in);
    }
}
