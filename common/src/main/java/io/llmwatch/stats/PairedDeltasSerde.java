package io.llmwatch.stats;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A compact binary Kafka {@link Serde} for {@link PairedDeltas}, for a state store (not a topic:
 * comparisons go out as JSON records). Layout, big-endian: a format byte; n, mean and sum of squared
 * deviations; the confidence sequence's alpha, count, seven sums and bounds and its contradiction
 * flag; the reservoir's capacity, count seen, generator state, size and values as floats. About
 * 140 bytes plus 4 per reservoir value (8 KB at the default 2,000). Null maps to null both ways.
 */
public final class PairedDeltasSerde extends StateSerde<PairedDeltas> {

    public PairedDeltasSerde() {
        super("PairedDeltas");
    }

    @Override
    int size(PairedDeltas value) {
        return value.serializedSize();
    }

    @Override
    void write(PairedDeltas value, ByteBuffer out) {
        value.writeTo(out);
    }

    @Override
    PairedDeltas read(ByteBuffer in) {
        return PairedDeltas.readFrom(in);
    }
}
