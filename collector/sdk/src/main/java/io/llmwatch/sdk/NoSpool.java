package io.llmwatch.sdk;

import java.util.List;

/** The spool of an {@link LlmWatch} built without a spool directory: it holds nothing, so calls Kafka cannot take are dropped. */
final class NoSpool implements Spool {

    @Override
    public boolean append(byte[] key, byte[] value) {
        return false;
    }

    @Override
    public Segment oldest(boolean sealActive) {
        return null;
    }

    @Override
    public List<Record> read(Segment segment) {
        return List.of();
    }

    @Override
    public void delete(Segment segment) {
        throw new IllegalStateException("an empty spool has no segment to delete");
    }

    @Override
    public void sync() {
        // nothing written, nothing to force
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public long bytes() {
        return 0;
    }

    @Override
    public void close() {
        // holds no resource
    }
}
