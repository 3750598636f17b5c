package io.llmwatch.scorer.topology;

import io.llmwatch.event.Scores;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link CallEntry} for the calls store and its changelog, written once
 * per call: the entry's time, the computed dimensions and the evaluations as fixed-width fields, and
 * the scored call as the JSON of {@link Topics#SCORED} (its many optional fields are not worth a
 * format of their own). The first byte is a format version.
 */
final class CallEntrySerde implements Serde<CallEntry> {

    private static final byte VERSION = 1;
    private static final int HAS_SCORED = 1;
    private static final int HAS_COMPUTED = 2;

    @Override
    public Serializer<CallEntry> serializer() {
        return (topic, entry) -> entry == null ? null : write(entry);
    }

    @Override
    public Deserializer<CallEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private static byte[] write(CallEntry entry) {
        CallState state = entry.state();
        byte[] json = state.hasCall() ? state.scored().json() : null;
        // sized up front: the scored call's JSON (~1 KB) is copied once, not through a growing buffer
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (json == null ? 0 : json.length)
                + 48 * state.evaluations().size() + (state.computed() == null ? 0 : 64 + 32 * state.computed().extra().size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(entry.since());
            out.writeByte((state.hasCall() ? HAS_SCORED : 0) | (state.computed() != null ? HAS_COMPUTED : 0));
            if (state.computed() != null) {
                writeScores(out, state.computed());
            }
            out.writeInt(state.evaluations().size());
            for (Map.Entry<String, CallState.EvaluationScore> evaluation : state.evaluations().entrySet()) {
                writeString(out, evaluation.getKey());
                out.writeDouble(evaluation.getValue().score());
                out.writeLong(evaluation.getValue().timestamp().getEpochSecond());
                out.writeInt(evaluation.getValue().timestamp().getNano());
            }
            if (json != null) {
                out.writeInt(json.length);
                out.write(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static CallEntry read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown call state format version " + version);
            }
            long since = in.readLong();
            int flags = in.readByte();
            Scores computed = (flags & HAS_COMPUTED) != 0 ? readScores(in) : null;
            int evaluationCount = in.readInt();
            Map<String, CallState.EvaluationScore> evaluations = new HashMap<>();
            for (int i = 0; i < evaluationCount; i++) {
                String name = readString(in);
                double score = in.readDouble();
                evaluations.put(name, new CallState.EvaluationScore(score, Instant.ofEpochSecond(in.readLong(), in.readInt())));
            }
            ScoredCallJson call = null;
            if ((flags & HAS_SCORED) != 0) {
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                call = ScoredCallJson.fromJson(json);
            }
            return new CallEntry(since, new CallState(call, computed, evaluations));
        } catch (IOException e) {
            throw new SerializationException("cannot read call state: " + e.getMessage(), e);
        }
    }

    private static void writeScores(DataOutputStream out, Scores scores) throws IOException {
        Double[] values = {scores.correctness(), scores.format(), scores.efficiency(), scores.rubric(), scores.quality()};
        int present = 0;
        for (int i = 0; i < values.length; i++) {
            present |= values[i] != null ? 1 << i : 0;
        }
        out.writeByte(present);
        for (Double value : values) {
            if (value != null) {
                out.writeDouble(value);
            }
        }
        out.writeInt(scores.extra().size());
        for (Map.Entry<String, Double> extra : scores.extra().entrySet()) {
            writeString(out, extra.getKey());
            out.writeDouble(extra.getValue());
        }
    }

    private static Scores readScores(DataInputStream in) throws IOException {
        int present = in.readByte();
        Double[] values = new Double[5];
        for (int i = 0; i < values.length; i++) {
            values[i] = (present & 1 << i) != 0 ? in.readDouble() : null;
        }
        int extraCount = in.readInt();
        Map<String, Double> extra = new HashMap<>();
        for (int i = 0; i < extraCount; i++) {
            extra.put(readString(in), in.readDouble());
        }
        return new Scores(values[0], values[1], values[2], values[3], values[4], extra);
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
