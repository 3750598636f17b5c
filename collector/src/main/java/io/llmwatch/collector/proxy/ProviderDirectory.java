package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.LiveOverlay;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ProvidersAllow;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers the proxy forwards to: those of the configuration file, overridden by live
 * {@code provider/<name>} entries of {@code llmwatch.control} (docs/architecture.md §7), read by a
 * {@link LiveOverlay}. An entry that is not a valid provider config, or names a host or key variable
 * outside {@code providers_allow} ({@link ProvidersAllow}), is logged and ignored: the file's
 * provider applies, as it does again when a live entry is removed. Thread-safe.
 */
public final class ProviderDirectory {

    private static final Logger log = LoggerFactory.getLogger(ProviderDirectory.class);
    private static final String PREFIX = ControlKey.Kind.PROVIDER.prefix() + "/";

    private final Map<String, ProviderConfig> configured;
    private final LiveOverlay<ProviderConfig> live;
    private final Supplier<Set<String>> controlKeys;

    /** The file's providers only. */
    public ProviderDirectory(Map<String, ProviderConfig> configured) {
        this(configured, key -> null, Set::of, ProvidersAllow.of(configured));
    }

    /**
     * @param control     looks up the current value of a {@code llmwatch.control} key, null when absent
     * @param controlKeys the keys on {@code llmwatch.control} now, for naming the live providers
     * @param allow       what a live entry may name
     */
    public ProviderDirectory(Map<String, ProviderConfig> configured, Function<String, JsonNode> control,
                             Supplier<Set<String>> controlKeys, ProvidersAllow allow) {
        this.configured = Map.copyOf(configured);
        this.controlKeys = controlKeys;
        this.live = new LiveOverlay<>(control, (key, value) -> {
            Optional<ProviderConfig> admitted = allow.admit(key, value);
            admitted.ifPresent(provider -> log.info("live provider '{}' -> {}", key.substring(PREFIX.length()),
                    provider.baseUrl()));
            return admitted.orElse(null);
        });
    }

    public Optional<ProviderConfig> find(String name) {
        return Optional.ofNullable(live.orElse(ControlKey.provider(name).toString(), configured.get(name)));
    }

    /** Every provider name, for error messages. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(configured.keySet());
        for (String key : controlKeys.get()) {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && live.live(key).isPresent()) {
                names.add(key.substring(PREFIX.length()));
            }
        }
        return names;
    }
}
