package io.llmwatch.delivery;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which records of one partition are still being replayed, and up to where the partition may be
 * committed: the end of the contiguous prefix of finished records. A record finishes when its work
 * is done for good (for a replay: every result acknowledged by the broker; for a webhook: the
 * alert delivered), so a crash redoes at most the records after the committed offset. Used from
 * one poll thread only.
 */
public final class PartitionProgress {

    /** Offset → finished. */
    private final TreeMap<Long, Boolean> pending = new TreeMap<>();
    private long committable = -1;
    private long committed = -1;

    public void started(long offset) {
        pending.put(offset, false);
    }

    /** Marks a record finished; one this partition does not track (any more) is ignored. */
    public void finished(long offset) {
        if (pending.containsKey(offset)) {
            pending.put(offset, true);
        }
        while (!pending.isEmpty() && pending.firstEntry().getValue()) {
            Map.Entry<Long, Boolean> first = pending.pollFirstEntry();
            committable = first.getKey() + 1;
        }
    }

    /** The offset to commit, when it moved since the last commit. */
    public OptionalLong toCommit() {
        return committable > committed ? OptionalLong.of(committable) : OptionalLong.empty();
    }

    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** A commit that failed is retried with the next one. */
    public void commitFailed(long offset) {
        if (committed == offset) {
            committed = -1;
        }
    }

    public int inFlight() {
        return pending.size();
    }
}
