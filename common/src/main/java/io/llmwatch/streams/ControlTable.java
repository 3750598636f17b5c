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
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.ProcessingContext;
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
 * ignored with a warning instead of killing the global stream thread; a parsed value is cached until
 * its bytes change, so a lookup per record costs a byte comparison.
 */
public final class ControlTable {

    /** Name of the global store, the same in every topology. */
    public static final String STORE = "llmwatch-control";

    private static final Logger LOG = LoggerFactory.getLogger(ControlTable.class);

    private ControlTable() {
    }

    /** Adds the global table to a topology. */
    public static void addTo(StreamsBuilder builder) {
        builder.globalTable(Topics.CONTROL.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("control-source"),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
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
        });
    }

    /** Parses raw control values, re-parsing only when the bytes of a key change. */
    static final class CachedLookup implements Function<String, JsonNode> {

        private final Function<String, byte[]> raw;
        private final Map<String, Entry> cache = new HashMap<>();

        CachedLookup(Function<String, byte[]> raw) {
            this.raw = raw;
        }

        @Override
        public JsonNode apply(String key) {
            byte[] bytes = raw.apply(key);
            if (bytes == null) {
                cache.remove(key);
                return null;
            }
            Entry cached = cache.get(key);
            if (cached != null && Arrays.equals(cached.bytes, bytes)) {
                return cached.node;
            }
            JsonNode node = parse(key, bytes);
            cache.put(key, new Entry(bytes, node));
            return node;
        }

        private static JsonNode parse(String key, byte[] bytes) {
            try {
                return Json.mapper().readTree(bytes);
            } catch (IOException e) {
                LOG.warn("ignoring control entry {}: not valid JSON ({})", key, e.getMessage());
                return null;
            }
        }

        private record Entry(byte[] bytes, JsonNode node) {
        }
    }
}
