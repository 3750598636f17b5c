package io.llmwatch.app.kafka;

import io.llmwatch.config.LlmwatchConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which llmwatch.yaml a command reads. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The given file, else ./llmwatch.yaml when present, else built-in defaults. */
    public static LlmwatchConfig load(Path file) {
        if (file != null) {
            return LlmwatchConfig.load(file);
        }
        Path local = Path.of("llmwatch.yaml");
        return Files.exists(local) ? LlmwatchConfig.load(local) : LlmwatchConfig.empty();
    }

    /** ./llmwatch.yaml when present, else built-in defaults. */
    public static LlmwatchConfig local() {
        return load(null);
    }
}
