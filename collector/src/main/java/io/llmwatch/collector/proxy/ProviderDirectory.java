package io.llmwatch.collector.proxy;

import io.llmwatch.config.ProviderConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers the proxy forwards to: those of the configuration file, overridden by live
 * {@code provider/<name>} entries of {@code llmwatch.control} (docs/architecture.md §7). Removing a live entry
 * brings the file's back. Thread-safe.
 */
public final class ProviderDirectory {

    private final Map<String, ProviderConfig> configured;
    private final Map<String, ProviderConfig> live = new ConcurrentHashMap<>();

    public ProviderDirectory(Map<String, ProviderConfig> configured) {
        this.configured = Map.copyOf(configured);
    }

    public Optional<ProviderConfig> find(String name) {
        ProviderConfig override = live.get(name);
        return Optional.ofNullable(override != null ? override : configured.get(name));
    }

    /** Applies a live entry; null (a tombstone) removes it. */
    public void update(String name, ProviderConfig config) {
        if (config == null) {
            live.remove(name);
        } else {
            live.put(name, config);
        }
    }

    /** Every provider name, for error messages. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(configured.keySet());
        names.addAll(live.keySet());
        return names;
    }
}
