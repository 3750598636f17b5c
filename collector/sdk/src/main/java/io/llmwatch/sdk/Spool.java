package io.llmwatch.sdk;

import java.nio.file.Path;
import java.util.List;

/**
 * Where calls wait while Kafka cannot take them. Appends come from any thread (the sender, a caller
 * whose queue was full, the producer's callbacks); reading, deleting and syncing only from the
 * sender. Records are read back a segment at a time, oldest first, and a segment is deleted only
 * once every record in it was acknowledged.
 */
interface Spool extends AutoCloseable {

    /** Appends one record; false when the spool is full, closed or cannot write (the caller counts a drop). */
    boolean append(byte[] key, byte[] value);

    /**
     * The oldest segment not yet deleted, or null when there is none. With {@code sealActive}, the
     * segment being written is closed for appends first if it is the only one holding records.
     */
    Segment oldest(boolean sealActive);

    /** The records of a segment, in the order written, up to the first torn or corrupt one. */
    List<Record> read(Segment segment);

    /** Deletes a segment whose records were all acknowledged. */
    void delete(Segment segment);

    /** Forces written records to disk (see {@link DiskSpool} for the policy). */
    void sync();

    /** True when no record waits in the spool. */
    boolean isEmpty();

    long bytes();

    @Override
    void close();

    /** A closed file of records. */
    record Segment(long sequence, Path path, long bytes) {
    }

    /** One spooled Kafka record: the key ({@code call_id}) and the serialized call. */
    record Record(byte[] key, byte[] value) {
    }
}
