package io.llmwatch.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.Json;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.JsonPath;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up configuration, read from {@code llmwatch.yaml}. Live changes arrive on
 * {@code llmwatch.control} and take precedence (see {@link TaskSettings}).
 *
 * @param pipeline  windows and hysteresis of the streaming pipeline
 * @param defaults  task settings that apply to every task unless it says otherwise
 * @param tasks     per-task settings
 * @param providers OpenAI-compatible endpoints by name
 * @param prices    where the price catalog comes from
 * @param judges    model-backed judges by kind ({@code llm}, {@code embedding})
 * @param webhooks  webhooks that alerts are posted to, by name
 * @param alerts    what the drift detector watches and when it alerts
 * @param collector API keys, proxy defaults and redaction of the collector
 * @param providersAllow hosts and key variables a live {@code provider/<name>} entry may name; absent:
 *                       those of {@code providers}
 * @param replay    how recorded requests are replayed (caps on {@code max_tokens} and {@code n})
 * @param query     read keys of the query API and dashboard
 * @param kafka     Kafka client properties for every client (see {@link KafkaClientSettings}); values
 *                  may name an environment variable as {@code ${NAME}}
 * @param topics    topic prefix, replication factor and application-id prefix on the cluster
 */
public record LlmwatchConfig(
        PipelineConfig pipeline,
        TaskConfig defaults,
        List<TaskConfig> tasks,
        Map<String, ProviderConfig> providers,
        PricesConfig prices,
        Map<String, JudgeConfig> judges,
        Map<String, WebhookConfig> webhooks,
        AlertsConfig alerts,
        CollectorConfig collector,
        ProvidersAllow providersAllow,
        ReplayConfig replay,
        QueryConfig query,
        Map<String, String> kafka,
        TopicsConfig topics) {

    private static final int DEFAULT_MAX_PRICE_AGE_DAYS = 180;
    private static final ObjectMapper YAML = Json.configure(new YAMLMapper(new YAMLFactory()));

    public LlmwatchConfig {
        pipeline = pipeline == null ? PipelineConfig.DEFAULT : pipeline.orElse(PipelineConfig.DEFAULT);
        defaults = defaults == null ? TaskConfig.BUILT_IN : defaults.orElse(TaskConfig.BUILT_IN);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        judges = judges == null ? Map.of() : Map.copyOf(judges);
        prices = prices == null ? new PricesConfig(null, DEFAULT_MAX_PRICE_AGE_DAYS)
                : prices.maxAgeDays() == null ? new PricesConfig(prices.catalog(), DEFAULT_MAX_PRICE_AGE_DAYS) : prices;
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
        alerts = alerts == null ? AlertsConfig.DEFAULT : alerts.orElse(AlertsConfig.DEFAULT);
        collector = collector == null ? CollectorConfig.DEFAULT : collector;
        providersAllow = providersAllow == null ? ProvidersAllow.of(providers) : providersAllow;
        replay = replay == null ? ReplayConfig.DEFAULT : replay.orElse(ReplayConfig.DEFAULT);
        query = query == null ? QueryConfig.DEFAULT : query;
        kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
        topics = topics == null ? TopicsConfig.DEFAULT : topics;
    }

    /** Nothing configured: built-in defaults only. */
    public static LlmwatchConfig empty() {
        return new LlmwatchConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Built-in defaults with {@code pipeline} instead of the default pipeline, e.g. for tests and benchmarks. */
    public static LlmwatchConfig withPipeline(PipelineConfig pipeline) {
        return new LlmwatchConfig(pipeline, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * This configuration with {@code providers} instead of its own; an allow-list derived from the
     * old providers is derived again from the new ones.
     */
    public LlmwatchConfig withProviders(Map<String, ProviderConfig> providers) {
        ProvidersAllow allow = providersAllow.equals(ProvidersAllow.of(this.providers)) ? null : providersAllow;
        return new LlmwatchConfig(pipeline, defaults, tasks, providers, prices, judges, webhooks, alerts, collector,
                allow, replay, query, kafka, topics);
    }

    /** This configuration with {@code providers_allow} instead of its own. */
    public LlmwatchConfig withProvidersAllow(ProvidersAllow allow) {
        return new LlmwatchConfig(pipeline, defaults, tasks, providers, prices, judges, webhooks, alerts, collector,
                allow, replay, query, kafka, topics);
    }

    /** This configuration with {@code replay} instead of its own. */
    public LlmwatchConfig withReplay(ReplayConfig replay) {
        return new LlmwatchConfig(pipeline, defaults, tasks, providers, prices, judges, webhooks, alerts, collector,
                providersAllow, replay, query, kafka, topics);
    }

    /** This configuration with {@code tasks} instead of its own task entries. */
    public LlmwatchConfig withTasks(List<TaskConfig> tasks) {
        return new LlmwatchConfig(pipeline, defaults, tasks, providers, prices, judges, webhooks, alerts,
                collector, providersAllow, replay, query, kafka, topics);
    }

    public static LlmwatchConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ValidationException("$", "cannot read config file " + file + ": " + e.getMessage());
        }
    }

    public static LlmwatchConfig read(InputStream yaml, String origin) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ValidationException("$", origin + " is not valid YAML: " + e.getMessage());
        }
        // An empty (or all-comments) file configures nothing.
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return empty();
        }
        LlmwatchConfig config;
        try {
            config = YAML.treeToValue(tree, LlmwatchConfig.class);
        } catch (JsonMappingException e) {
            throw new ValidationException(JsonPath.of(e), "in " + origin + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValidationException("$", origin + " cannot be read: " + e.getMessage());
        }
        List<FieldError> errors = config.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return config;
    }

    public Optional<TaskConfig> task(TaskKey key) {
        return tasks.stream().filter(t -> key.equals(t.key())).findFirst();
    }

    List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>(defaults.validate("defaults"));
        for (int i = 0; i < tasks.size(); i++) {
            TaskConfig task = tasks.get(i);
            String path = "tasks[" + i + "]";
            errors.addAll(new Checks().required(path + ".app", task.app()).required(path + ".task_type", task.taskType())
                    .errors());
            errors.addAll(task.validate(path));
        }
        providers.forEach((name, provider) -> errors.addAll(provider.validate("providers." + name)));
        judges.forEach((kind, judge) -> errors.addAll(new Checks()
                .check(kind.equals(JudgeKind.LLM.id()) || kind.equals(JudgeKind.EMBEDDING.id()), "judges." + kind,
                        "is not a model-backed judge; use llm or embedding")
                .check(judge.provider() == null || providers.containsKey(judge.provider()), "judges." + kind + ".provider",
                        "names no entry of providers")
                .check(judge.provider() == null || judge.model() != null, "judges." + kind + ".model",
                        "is required with a provider")
                .errors()));
        webhooks.forEach((name, webhook) -> errors.addAll(webhook.validate("webhooks." + name)));
        errors.addAll(alerts.validate());
        errors.addAll(collector.validate("collector"));
        errors.addAll(providersAllow.validate("providers_allow"));
        errors.addAll(replay.validate("replay"));
        errors.addAll(query.validate("query"));
        errors.addAll(topics.validate("topics"));
        errors.addAll(new Checks()
                .check(pipeline.window().toMillis() > 0, "pipeline.window", "must be positive")
                .check(pipeline.hysteresisWindows() >= 1, "pipeline.hysteresis_windows", "must be >= 1")
                .check(pipeline.horizonWindows() >= 1, "pipeline.horizon_windows", "must be >= 1")
                .check(pipeline.reservoirSize() >= 0, "pipeline.reservoir_size", "must be >= 0")
                .check(!pipeline.evaluationHorizon().isNegative(), "pipeline.evaluation_horizon", "must be >= 0")
                .check(pipeline.publishInterval().toMillis() > 0, "pipeline.publish_interval", "must be positive")
                .check(!pipeline.maxEventAge().isNegative(), "pipeline.max_event_age", "must not be negative")
                .check(!pipeline.maxFutureSkew().isNegative(), "pipeline.max_future_skew", "must not be negative")
                .errors());
        return errors;
    }
}
