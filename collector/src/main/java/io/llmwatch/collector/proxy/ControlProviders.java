package io.llmwatch.collector.proxy;

import io.llmwatch.config.KafkaClientSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.ControlView;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ProviderDirectory} up to date with the {@code provider/<name>} entries of
 * {@code llmwatch.control} (DESIGN §6), as a {@link ControlView} reads them; a tombstone removes the
 * live entry. An entry that is not a valid provider config is logged and ignored.
 */
public final class ControlProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlProviders.class);
    private static final String PREFIX = ControlKey.Kind.PROVIDER.prefix() + "/";

    private final ProviderDirectory directory;
    private final ControlView view;

    public ControlProviders(KafkaClientSettings kafka, ProviderDirectory directory) {
        this.directory = directory;
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
        try {
            ProviderConfig config = Json.mapper().treeToValue(value, ProviderConfig.class);
            List<FieldError> errors = config.validate(key);
            if (!errors.isEmpty()) {
                log.warn("ignoring {}: {}", key, errors);
                return;
            }
            directory.update(name, config);
            log.info("live provider '{}' -> {}", name, config.baseUrl());
        } catch (IOException e) {
            log.warn("ignoring {}: not a provider config ({})", key, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        view.close();
    }
}
