package io.llmwatch.scorer.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The {@value ScorerTopology#CALLS_STORE} store: a {@link CallEntry} per call_id, remembered for
 * {@code pipeline.dedup_retention} from the wall-clock time it was first written.
 *
 * <p>A segmented window store, so that old entries leave with whole segments, never by scanning.
 * Nearly every lookup is for a new call_id, so lookups must be cheap when they find nothing. An
 * entry is filed under the start of its <em>bucket</em>, a span as long as the retention, so a
 * live entry is in the current bucket or the one before: a lookup is two point reads, which RocksDB
 * answers from its memtable and bloom filters, instead of a range scan that opens an iterator in
 * every segment. (A third read of the next bucket finds entries written before the wall clock
 * stepped back; its segment does not exist otherwise, which costs nothing to find out.) An entry
 * older than the retention is ignored while its segment waits to be dropped, between one and two
 * retentions after it was written. Not thread-safe: one per processor.
 */
final class CallStore {

    /** How much longer than the retention segments are kept: the oldest bucket must still be readable when it is needed. */
    private static final Duration SLACK = Duration.ofMinutes(1);

    private final WindowStore<String, CallEntry> store;
    private final long retentionMs;

    CallStore(WindowStore<String, CallEntry> store, Duration retention) {
        this.store = store;
        this.retentionMs = Math.max(1, retention.toMillis());
    }

    /** The store, persistent and changelogged; see {@link #SLACK} for how long its segments are kept. */
    static StoreBuilder<WindowStore<String, CallEntry>> builder(String name, Duration retention) {
        return Stores.windowStoreBuilder(
                        // Entries are points in time: the window size is irrelevant to reads by key and time.
                        Stores.persistentWindowStore(name, retention.plus(SLACK), Duration.ofMillis(1), false),
                        Serdes.String(), new CallEntrySerde())
                // Nearly every key is written once: a cache would only add a copy.
                .withCachingDisabled();
    }

    /** The live entry of a call_id, or null. */
    CallEntry find(String callId, long now) {
        long current = bucketStart(now);
        for (long bucket = current + retentionMs; bucket >= current - retentionMs; bucket -= retentionMs) {
            CallEntry entry = store.fetch(callId, bucket);
            if (entry != null) {
                return entry.since() >= now - retentionMs ? entry : null;
            }
        }
        return null;
    }

    /** Writes an entry, replacing the call_id's entry in the same bucket. */
    void put(String callId, CallEntry entry) {
        store.put(callId, entry, bucketStart(entry.since()));
    }

    /** Replaces {@code previous} by {@code next}, whose {@code since} may fall in another bucket. */
    void replace(String callId, CallEntry previous, CallEntry next) {
        if (bucketStart(previous.since()) != bucketStart(next.since())) {
            store.put(callId, null, bucketStart(previous.since()));
        }
        put(callId, next);
    }

    private long bucketStart(long timeMs) {
        return timeMs - Math.floorMod(timeMs, retentionMs);
    }
}
