package io.llmwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live configuration of a topology: {@code llmwatch.control} read as a global table, so every
 * instance sees every key and a change applies without a restart.
 *
 * <p>Values are kept as bytes and parsed on lookup, so that an unreadable entry written by hand is
 * ignored with a warning instead of killing the global stream thread. A processor's lookup keeps what
 * it parsed and asks the store again only after the store has been written to: the global processor
 * counts its writes ({@link #writes}), so a lookup per record costs a counter read and a map lookup,
 * not a store read (a serialised key, a locked map, a copy of the value) and a byte comparison.
 */
public final class ControlTable {

    /** Name of the global store, the same in every topology. */
    public static final String STORE = "llmwatch-control";

    private static final Logger LOG = LoggerFactory.getLogger(ControlTable.class);
    /**
     * Writes applied to any control store of this JVM. One counter for every instance of every
     * topology: a write elsewhere only makes a lookup ask its own store again, and finds the same bytes.
     */
    private static final AtomicLong WRITES = new AtomicLong();

    private ControlTable() {
    }

    /** Adds the global table to a topology. */
    public static void addTo(StreamsBuilder builder) {
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                                Serdes.String(), Serdes.ByteArray())
                        // a global store is restored from its source topic, never from a changelog
                        .withLoggingDisabled(),
                Topics.CONTROL.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("control-source"),
                StoreUpdater::new);
    }

    /** How many writes the control stores of this JVM have applied; a lookup's cache is good while it stays. */
    static long writes() {
        return WRITES.get();
    }

    /**
     * Task settings backed by the global table, for one processor (not thread-safe: call it from
     * {@code init}).
     */
    public static TaskSettings taskSettings(ProcessingContext context, LlmwatchConfig config) {
        return new TaskSettings(config, lookup(context));
    }

    /**
     * The current JSON value of any control key (e.g. {@code price/<model>}), or null; cached per
     * key until its bytes change. For one processor (not thread-safe: call it from {@code init}).
     */
    public static Function<String, JsonNode> lookup(ProcessingContext context) {
        TimestampedKeyValueStore<String, byte[]> store = context.getStateStore(STORE);
        return new CachedLookup(key -> {
            ValueAndTimestamp<byte[]> value = store.get(key);
            return value == null ? null : value.value();
        }, ControlTable::writes);
    }

    /** Writes each control record into the global store (a tombstone deletes), and counts the write. */
    private static final class StoreUpdater implements Processor<String, byte[], Void, Void> {

        private TimestampedKeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
            // after the write: a lookup that sees the new count reads the new value
            WRITES.incrementAndGet();
        }
    }

    /**
     * Parses raw control values, re-parsing only when the bytes of a key change, and reading the store
     * only when it may have changed: after a write counted by {@code writes}, or, for a key, every
     * {@value #REVALIDATE_EVERY} lookups, so that a write that went around the counter (a restore of
     * the global store while the stream threads run) is seen within as many records.
     */
    static final class CachedLookup implements Function<String, JsonNode> {

        static final int REVALIDATE_EVERY = 1024;
        /** Keys remembered, absent ones included; beyond this the cache starts over (junk model names make keys unbounded). */
        private static final int MAX_REMEMBERED = 10_000;

        private final Function<String, byte[]> raw;
        private final LongSupplier writes;
        private final Map<String, Entry> cache = new HashMap<>();
        private long writesSeen = -1;

        CachedLookup(Function<String, byte[]> raw, LongSupplier writes) {
            this.raw = raw;
            this.writes = writes;
        }

        @Override
        public JsonNode apply(String key) {
            long now = writes.getAsLong();
            if (now != writesSeen) {
                writesSeen = now;
                cache.values().forEach(Entry::expire);
            }
            Entry cached = cache.get(key);
            if (cached != null && cached.fresh()) {
                return cached.node;
            }
            byte[] bytes = raw.apply(key);
            if (cached == null || !Arrays.equals(cached.bytes, bytes)) {
                if (cached == null && cache.size() >= MAX_REMEMBERED) {
                    cache.clear();
                }
                cached = new Entry(bytes, bytes == null ? null : parse(key, bytes));
                cache.put(key, cached);
            }
            cached.renew();
            return cached.node;
        }

        private static JsonNode parse(String key, byte[] bytes) {
            try {
                return Json.mapper().readTree(bytes);
            } catch (IOException e) {
                LOG.warn("ignoring control entry {}: not valid JSON ({})", key, e.getMessage());
                return null;
            }
        }

        /** A key's bytes as last read (null: absent) and their parsed value, and lookups left before the store is asked again. */
        private static final class Entry {

            private final byte[] bytes;
            private final JsonNode node;
            private int lookupsLeft;

            Entry(byte[] bytes, JsonNode node) {
                this.bytes = bytes;
                this.node = node;
            }

            boolean fresh() {
                return --lookupsLeft >= 0;
            }

            void renew() {
                lookupsLeft = REVALIDATE_EVERY;
            }

            void expire() {
                lookupsLeft = 0;
            }
        }
    }
}
