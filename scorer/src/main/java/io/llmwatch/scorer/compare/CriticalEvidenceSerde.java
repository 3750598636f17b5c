package io.llmwatch.scorer.compare;

import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.SequentialEvidenceSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link CriticalEvidence} for its state store: a format byte, the incumbent, the
 * number of dimensions, then per dimension its name and its evidence in
 * {@link SequentialEvidenceSerde}'s format, length-prefixed (names in modified UTF-8, as
 * {@link DataOutputStream#writeUTF} writes them). Rewritten on every replay result and about 10 KB
 * per dimension, so no JSON.
 */
final class CriticalEvidenceSerde implements Serde<CriticalEvidence> {

    private static final byte FORMAT = 1;
    private static final SequentialEvidenceSerde EVIDENCE = new SequentialEvidenceSerde();

    @Override
    public Serializer<CriticalEvidence> serializer() {
        return (topic, state) -> state == null ? null : write(topic, state);
    }

    @Override
    public Deserializer<CriticalEvidence> deserializer() {
        return (topic, data) -> data == null ? null : read(topic, data);
    }

    private static byte[] write(String topic, CriticalEvidence state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(state.incumbent);
            out.writeInt(state.byDimension.size());
            for (Map.Entry<String, SequentialEvidence> entry : state.byDimension.entrySet()) {
                out.writeUTF(entry.getKey());
                byte[] evidence = EVIDENCE.serializer().serialize(topic, entry.getValue());
                out.writeInt(evidence.length);
                out.write(evidence);
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write critical-dimension evidence to " + topic, e);
        }
        return bytes.toByteArray();
    }

    private static CriticalEvidence read(String topic, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown critical-dimension evidence format " + format);
            }
            String incumbent = in.readUTF();
            Map<String, SequentialEvidence> byDimension = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String dimension = in.readUTF();
                byte[] evidence = new byte[in.readInt()];
                in.readFully(evidence);
                byDimension.put(dimension, EVIDENCE.deserializer().deserialize(topic, evidence));
            }
            return new CriticalEvidence(incumbent, byDimension);
        } catch (IOException | NegativeArraySizeException e) {
            throw new SerializationException("truncated critical-dimension evidence in " + topic, e);
        }
    }
}
