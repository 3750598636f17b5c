package io.llmwatch.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for a {@link PageHinkley} detector, for keeping the drift watchers' detectors in a
 * state store. The bytes hold the detector's parameters and its whole state, bit for bit, so that a
 * restored detector continues exactly as the original would have.
 *
 * <p>Layout: a format version byte, a kind byte, then the detector's fields in a fixed order
 * (big-endian, as {@link DataOutput} writes them). Null maps to null. The kind byte is 1 for
 * Page-Hinkley; kinds 2 (CUSUM) and 3 (ADWIN) were written by earlier versions for detectors the
 * watchers never stored, and are now refused as unknown (the bench keeps those detectors, without a serde).
 */
public final class DetectorSerde implements Serde<PageHinkley> {

    private static final byte VERSION = 1;
    private static final byte PAGE_HINKLEY = 1;

    /** The detector's state as bytes. */
    public static byte[] toBytes(PageHinkley detector) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(PAGE_HINKLEY);
            detector.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A detector restored from {@link #toBytes(PageHinkley)}. */
    public static PageHinkley fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown change detector format version " + version);
            }
            byte kind = in.readByte();
            if (kind != PAGE_HINKLEY) {
                throw new SerializationException("unknown change detector kind " + kind);
            }
            return PageHinkley.read(in);
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a change detector: " + e, e);
        }
    }

    @Override
    public Serializer<PageHinkley> serializer() {
        return (topic, detector) -> detector == null ? null : toBytes(detector);
    }

    @Override
    public Deserializer<PageHinkley> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static void writeChange(DataOutput out, Change change) throws IOException {
        out.writeBoolean(change != null);
        if (change != null) {
            out.writeByte(change.direction().ordinal());
            out.writeDouble(change.before());
            out.writeDouble(change.after());
        }
    }

    static Change readChange(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Change(ChangeDirection.values()[in.readByte()], in.readDouble(), in.readDouble());
    }
}
