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
 * A Kafka {@link Serde} for any {@link ChangeDetector}, for keeping detectors in a state store. The
 * bytes hold the detector's parameters and its whole state, bit for bit, so that a restored
 * detector continues exactly as the original would have.
 *
 * <p>Layout: a format version byte, a kind byte (Page-Hinkley, CUSUM, ADWIN), then the detector's
 * fields in a fixed order (big-endian, as {@link DataOutput} writes them). Null maps to null.
 */
public final class DetectorSerde implements Serde<ChangeDetector> {

    private static final byte VERSION = 1;
    private static final byte PAGE_HINKLEY = 1;
    private static final byte CUSUM = 2;
    private static final byte ADWIN = 3;

    /** The detector's state as bytes. */
    public static byte[] toBytes(ChangeDetector detector) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (detector instanceof PageHinkley ph) {
                out.writeByte(PAGE_HINKLEY);
                ph.write(out);
            } else if (detector instanceof Cusum cusum) {
                out.writeByte(CUSUM);
                cusum.write(out);
            } else {
                out.writeByte(ADWIN);
                ((Adwin) detector).write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A detector restored from {@link #toBytes(ChangeDetector)}. */
    public static ChangeDetector fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown change detector format version " + version);
            }
            byte kind = in.readByte();
            return switch (kind) {
                case PAGE_HINKLEY -> PageHinkley.read(in);
                case CUSUM -> Cusum.read(in);
                case ADWIN -> Adwin.read(in);
                default -> throw new SerializationException("unknown change detector kind " + kind);
            };
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a change detector: " + e, e);
        }
    }

    @Override
    public Serializer<ChangeDetector> serializer() {
        return (topic, detector) -> detector == null ? null : toBytes(detector);
    }

    @Override
    public Deserializer<ChangeDetector> deserializer() {
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

    static void writeNullable(DataOutput out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    static Double readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
