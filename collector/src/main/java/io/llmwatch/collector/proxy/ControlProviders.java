package io.llmwatch.collector.proxy;

import io.llmwatch.config.KafkaClientSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.ControlView;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ProvidersAllow;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ProviderDirectory} up to date with the {@code provider/<name>} entries of
 * {@code llmwatch.control} (docs/architecture.md §7), as a {@link ControlView} reads them; a tombstone removes the
 * live entry. An entry that is not a valid provider config, or names a host or key variable outside
 * {@code providers_allow} ({@link ProvidersAllow}), is logged and ignored.
 */
public final class ControlProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlProviders.class);
    private static final String PREFIX = ControlKey.Kind.PROVIDER.prefix() + "/";

    private final ProviderDirectory directory;
    private final ControlView view;
    private final ProvidersAllow allow;

    /** @param allow what a live entry may name; an entry outside it is logged and ignored */
    public ControlProviders(KafkaClientSettings kafka, ProviderDirectory directory, ProvidersAllow allow) {
        this.directory = directory;
        this.allow = allow;
        this.view = new ControlView(kafka, "llmwatch-collector-control", this::apply);
    }

    /** Starts reading; providers of entries already on the topic become available shortly after. */
    public void start() {
        view.start();
    }

    private void apply(String key, JsonNode value) {
        if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
            return;
        }
        String name = key.substring(PREFIX.length());
        if (value == null) {
            directory.update(name, null);
            log.info("live provider '{}' removed; the config file's applies again, if any", name);
            return;
        }
        Optional<ProviderConfig> admitted = allow.admit(key, value);
        if (admitted.isEmpty()) {
            // A rejected entry also ends an earlier accepted one: the file's provider applies again.
            directory.update(name, null);
            return;
        }
        directory.update(name, admitted.get());
        log.info("live provider '{}' -> {}", name, admitted.get().baseUrl());
    }

    @Override
    public void close() {
        view.close();
    }
}
