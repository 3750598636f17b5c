package io.llmwatch.app.config;

import io.llmwatch.app.kafka.KafkaOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.app.kafka.ControlPublisher;
import io.llmwatch.app.kafka.TopicSnapshot;
import io.llmwatch.config.Campaign;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.json.Json;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmwatch config set|get|list}: reads and writes the live configuration on the compacted
 * {@code llmwatch.control} topic. Running components apply a change within moments, no restart.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Reads and writes live configuration on llmwatch.control.",
                "Keys: task/<app>/<task>, provider/<name>, price/<model>, campaign/<id>."})
public final class ConfigCommand {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    /** Validates the value for its key's kind and publishes it. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Sets KEY to the JSON value (replacing the previous entry; absent fields fall back to the config file).",
                    "Example: llmwatch config set task/support/summarize-ticket '{\"margin\": 0.05}'"})
    int set(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", arity = "0..1", paramLabel = "JSON") String json,
            @Option(names = "--delete", description = "remove the entry (a tombstone), so the config file's value applies again")
            boolean delete) throws Exception {
        ControlKey controlKey = ControlKey.parse(key);
        byte[] value = null;
        if (!delete) {
            if (json == null) {
                throw new IllegalArgumentException("give a JSON value, or --delete");
            }
            JsonNode node = Json.mapper().readTree(json);
            List<FieldError> errors = validate(controlKey, node);
            if (!errors.isEmpty()) {
                errors.forEach(e -> spec.commandLine().getErr().println("invalid: " + e));
                return 2;
            }
            value = Json.mapper().writeValueAsBytes(node);
        }
        ControlPublisher.publish(kafka.settings(), controlKey.toString(), value);
        spec.commandLine().getOut().println((delete ? "deleted " : "set ") + controlKey);
        return 0;
    }

    /** Prints the current value, or exits 1 when unset. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints the live value of KEY.")
    int get(@Parameters(index = "0", paramLabel = "KEY") String key) throws Exception {
        String normalized = ControlKey.parse(key).toString();
        byte[] value = TopicSnapshot.read(kafka.settings(), Topics.CONTROL, READ_TIMEOUT).get(normalized);
        if (value == null) {
            spec.commandLine().getOut().println(normalized + " is not set");
            return 1;
        }
        spec.commandLine().getOut().println(pretty(value));
        return 0;
    }

    /** Every live key and its value. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every live key and its value.")
    int list() throws Exception {
        Map<String, byte[]> entries = TopicSnapshot.read(kafka.settings(), Topics.CONTROL, READ_TIMEOUT);
        if (entries.isEmpty()) {
            spec.commandLine().getOut().println("(no live configuration: components use their config file)");
        }
        entries.forEach((k, v) -> spec.commandLine().getOut().println(k + " = " + new String(v, StandardCharsets.UTF_8)));
        return 0;
    }

    /** Checks a value against the shape its key's kind requires; errors name the field. */
    static List<FieldError> validate(ControlKey key, JsonNode value) {
        if (!value.isObject()) {
            return List.of(new FieldError("$", "must be a JSON object"));
        }
        try {
            return switch (key.kind()) {
                case TASK -> Json.mapper().treeToValue(value, TaskConfig.class).validate("$");
                case PROVIDER -> value.has("api_key")
                        ? List.of(new FieldError("api_key", "must not be set: name the environment variable in api_key_env"))
                        : Json.mapper().treeToValue(value, ProviderConfig.class).validate("$");
                case PRICE -> {
                    ModelPrice.fromControl(key.id(), value);
                    yield List.of();
                }
                case CAMPAIGN -> Json.mapper().treeToValue(value, Campaign.class).validate();
            };
        } catch (ValidationException e) {
            return e.errors();
        } catch (IOException e) {
            return List.of(new FieldError("$", e.getMessage().lines().findFirst().orElse("cannot be read")));
        }
    }

    private static String pretty(byte[] value) throws IOException {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.mapper().readTree(value));
    }
}
