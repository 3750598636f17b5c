package io.llmwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live entries of {@code llmwatch.control} of one kind (task settings, prices, providers), read
 * as values of type {@code T} over what the config file says: the one place that decides when a
 * live entry applies. An absent key or a tombstone means the file's value applies; so does an entry
 * that cannot be read, which is logged once, by key, and never re-read until it changes.
 *
 * <p>An entry is read once per control value: the lookup returns the same {@link JsonNode} instance
 * until the key changes (both {@link io.llmwatch.streams.ControlTable#lookup} and {@link ControlView}
 * do), so a lookup per record costs a map lookup. Thread-safe.
 *
 * @param <T> what an entry configures
 */
public final class LiveOverlay<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveOverlay.class);
    /** Keys remembered; beyond this the memo starts over (junk model names make keys unbounded). */
    private static final int MAX_REMEMBERED = 10_000;

    private final Function<String, JsonNode> control;
    private final Reader<T> reader;
    private final Map<String, Read<T>> read = new ConcurrentHashMap<>();

    /**
     * @param control looks up the current value of a {@code llmwatch.control} key, null when absent
     * @param reader  reads an entry's value
     */
    public LiveOverlay(Function<String, JsonNode> control, Reader<T> reader) {
        this.control = control;
        this.reader = reader;
    }

    /** The live value under {@code key}; empty when there is none or it cannot be read. */
    public Optional<T> live(String key) {
        return entry(key).map(Entry::value);
    }

    /** The live value under {@code key}, else {@code fileValue}. */
    public T orElse(String key, T fileValue) {
        return live(key).orElse(fileValue);
    }

    /** The live entry under {@code key} with the value read from it; empty when there is none or it cannot be read. */
    public Optional<Entry<T>> entry(String key) {
        JsonNode value = control.apply(key);
        if (value == null || value.isNull()) {
            read.remove(key);
            return Optional.empty();
        }
        Read<T> known = read.get(key);
        if (known == null || known.source != value) {
            if (read.size() >= MAX_REMEMBERED) {
                read.clear();
            }
            known = new Read<>(value, read(key, value));
            read.put(key, known);
        }
        return known.value == null ? Optional.empty() : Optional.of(new Entry<>(key, value, known.value));
    }

    private T read(String key, JsonNode value) {
        try {
            return reader.read(key, value);
        } catch (Exception e) {
            // `llmwatch config set` validates what it writes; anything else on the topic is ignored, loudly.
            LOG.warn("ignoring control entry {}: {}", key, e.getMessage());
            return null;
        }
    }

    /**
     * Reads one control entry.
     *
     * @param <T> what it configures
     */
    @FunctionalInterface
    public interface Reader<T> {

        /**
         * @return the value, or null when the entry is rejected (the reader has said why)
         * @throws Exception when the entry cannot be read; the overlay logs it and ignores the entry
         */
        T read(String key, JsonNode value) throws Exception;
    }

    /**
     * A live entry that applies.
     *
     * @param key    its control key
     * @param source its JSON value, as written
     * @param value  what was read from it
     */
    public record Entry<T>(String key, JsonNode source, T value) {
    }

    /** A control value and what was read from it (null when unreadable, so it is not re-read per lookup). */
    private record Read<T>(JsonNode source, T value) {
    }
}
