package io.llmwatch.scorer.compare;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.scorer.stats.LatencyHistogramBytes;
import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.SequentialEvidenceSerde;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link ComparisonState} for its state store: a format byte, the two model names,
 * the counters and sums, the latency histogram's buckets, then the paired evidence in
 * {@link SequentialEvidenceSerde}'s format, length-prefixed. Format 1 (before change detection) is
 * not read: such a state starts its evidence afresh. It is rewritten on every replay result, and
 * the reservoir inside makes it several kilobytes, so no JSON.
 */
final class ComparisonStateSerde implements Serde<ComparisonState> {

    private static final byte FORMAT = 2;
    private static final SequentialEvidenceSerde EVIDENCE = new SequentialEvidenceSerde();

    @Override
    public Serializer<ComparisonState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] incumbent = bytes(state.incumbent);
            byte[] judge = bytes(state.judge);
            byte[] deltas = EVIDENCE.serializer().serialize(topic, state.evidence);
            ByteBuffer out = ByteBuffer.allocate(1 + 4 + incumbent.length + 4 + judge.length + 5 * Long.BYTES
                    + 4 * Double.BYTES + LatencyHistogramBytes.size(state.latency) + 4 + deltas.length);
            out.put(FORMAT);
            out.putInt(incumbent.length).put(incumbent);
            out.putInt(judge.length).put(judge);
            out.putLong(state.replays).putLong(state.failures).putLong(state.pricedReplays)
                    .putLong(state.pricedOriginals).putLong(state.judged);
            out.putDouble(state.candidateCostSum).putDouble(state.originalCostSum).putDouble(state.judgeCostSum)
                    .putDouble(state.spendUsd);
            LatencyHistogramBytes.write(out, state.latency);
            out.putInt(deltas.length).put(deltas);
            return out.array();
        };
    }

    @Override
    public Deserializer<ComparisonState> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(data);
                byte format = in.get();
                if (format == 1) {
                    return null;
                }
                if (format != FORMAT) {
                    throw new SerializationException("unknown comparison state format " + format);
                }
                String incumbent = string(in);
                String judge = string(in);
                long replays = in.getLong();
                long failures = in.getLong();
                long pricedReplays = in.getLong();
                long pricedOriginals = in.getLong();
                long judged = in.getLong();
                double candidateCostSum = in.getDouble();
                double originalCostSum = in.getDouble();
                double judgeCostSum = in.getDouble();
                double spendUsd = in.getDouble();
                LatencyHistogram latency = LatencyHistogramBytes.read(in);
                byte[] deltaBytes = new byte[in.getInt()];
                in.get(deltaBytes);
                SequentialEvidence evidence = EVIDENCE.deserializer().deserialize(topic, deltaBytes);
                ComparisonState state = new ComparisonState(evidence, latency);
                state.incumbent = incumbent;
                state.judge = judge;
                state.replays = replays;
                state.failures = failures;
                state.pricedReplays = pricedReplays;
                state.pricedOriginals = pricedOriginals;
                state.judged = judged;
                state.candidateCostSum = candidateCostSum;
                state.originalCostSum = originalCostSum;
                state.judgeCostSum = judgeCostSum;
                state.spendUsd = spendUsd;
                return state;
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                throw new SerializationException("truncated comparison state in " + topic, e);
            }
        };
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
