package io.llmwatch.scorer.compare;

import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.SequentialEvidenceSerde;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link CriticalEvidence} for its state store: a format byte, the incumbent, the
 * number of dimensions, then per dimension its name and its evidence in
 * {@link SequentialEvidenceSerde}'s format, length-prefixed. Rewritten on every replay result and a
 * few kilobytes per dimension, so no JSON.
 */
final class CriticalEvidenceSerde implements Serde<CriticalEvidence> {

    private static final byte FORMAT = 1;
    private static final SequentialEvidenceSerde EVIDENCE = new SequentialEvidenceSerde();

    @Override
    public Serializer<CriticalEvidence> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                writeString(out, state.incumbent);
                out.writeInt(state.byDimension.size());
                for (Map.Entry<String, SequentialEvidence> entry : state.byDimension.entrySet()) {
                    writeString(out, entry.getKey());
                    byte[] evidence = EVIDENCE.serializer().serialize(topic, entry.getValue());
                    out.writeInt(evidence.length);
                    out.write(evidence);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<CriticalEvidence> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(data);
                byte format = in.get();
                if (format != FORMAT) {
                    throw new SerializationException("unknown critical-dimension evidence format " + format);
                }
                String incumbent = readString(in);
                Map<String, SequentialEvidence> byDimension = new TreeMap<>();
                for (int i = in.getInt(); i > 0; i--) {
                    String dimension = readString(in);
                    byte[] evidence = new byte[in.getInt()];
                    in.get(evidence);
                    byDimension.put(dimension, EVIDENCE.deserializer().deserialize(topic, evidence));
                }
                return new CriticalEvidence(incumbent, byDimension);
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                throw new SerializationException("truncated critical-dimension evidence in " + topic, e);
            }
        };
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
