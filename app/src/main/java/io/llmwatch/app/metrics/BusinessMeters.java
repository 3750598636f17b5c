package io.llmwatch.app.metrics;

import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What llmwatch found, as Prometheus meters: calls, cost and quality by app/task/model, replays and
 * their spend by provider, comparisons by verdict, recommendation changes, alerts by type and
 * status, dead letters by source topic and field.
 *
 * <p>They are counted from llmwatch's output topics by one read_committed reader (the query
 * process runs it), not inside the topologies: exactly-once processing may run a record twice
 * before its transaction commits, a reader of committed output sees it once, and scaled-out scorers
 * do not each report a share that must be summed. The reader starts at the end of each topic, so a
 * restart does not count history again (Prometheus' {@code rate()} handles the counter reset).
 *
 * <p>Label cardinality is bounded by {@link LabelLimiter}: the first {@value #MAX_APPS} apps,
 * {@value #MAX_TASKS} tasks, {@value #MAX_MODELS} models and {@value #MAX_PROVIDERS} providers seen
 * keep their names, later ones are {@code other}.
 */
public final class BusinessMeters implements AutoCloseable {

    static final int MAX_APPS = 50;
    static final int MAX_TASKS = 100;
    static final int MAX_MODELS = 50;
    static final int MAX_PROVIDERS = 20;
    private static final int MAX_FIELDS = 50;

    private final MeterRegistry meters;
    private final LabelLimiter apps = new LabelLimiter(MAX_APPS);
    private final LabelLimiter tasks = new LabelLimiter(MAX_TASKS);
    private final LabelLimiter models = new LabelLimiter(MAX_MODELS);
    private final LabelLimiter providers = new LabelLimiter(MAX_PROVIDERS);
    private final LabelLimiter fields = new LabelLimiter(MAX_FIELDS);
    private final Map<String, String> recommended = new ConcurrentHashMap<>();
    /** Meters by name and tags, registered once: a registry lookup per record costs more than the count. */
    private final Map<List<String>, Meter> registered = new ConcurrentHashMap<>();
    private final TopicTail tail;

    public BusinessMeters(KafkaClientSettings kafka, MeterRegistry meters) {
        this.meters = meters;
        this.tail = new TopicTail(kafka, "llmwatch-business-meters", List.of(Topics.SCORED, Topics.REPLAY_RESULTS,
                Topics.COMPARISONS, Topics.RECOMMENDATIONS, Topics.ALERTS, Topics.DLQ), false, this::count);
    }

    public BusinessMeters start() {
        tail.start();
        return this;
    }

    void count(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String topic = record.topic();
        if (topic.equals(Topics.SCORED.name())) {
            scored(TopicTail.value(Topics.SCORED, record));
        } else if (topic.equals(Topics.REPLAY_RESULTS.name())) {
            replayed(TopicTail.value(Topics.REPLAY_RESULTS, record));
        } else if (topic.equals(Topics.COMPARISONS.name())) {
            Comparison c = TopicTail.value(Topics.COMPARISONS, record);
            counter("llmwatch.comparisons", "comparison updates by verdict",
                    "verdict", c.verdict() == null ? "none" : c.verdict().name().toLowerCase()).increment();
        } else if (topic.equals(Topics.RECOMMENDATIONS.name())) {
            Recommendation r = TopicTail.value(Topics.RECOMMENDATIONS, record);
            String previous = recommended.put(record.key(), Objects.toString(r.recommendedModel(), ""));
            if (previous != null && !previous.equals(Objects.toString(r.recommendedModel(), ""))) {
                counter("llmwatch.recommendation.changes", "times a task's recommended model changed",
                        "app", apps.label(r.app()), "task", tasks.label(r.taskType())).increment();
            }
        } else if (topic.equals(Topics.ALERTS.name())) {
            DriftAlert a = TopicTail.value(Topics.ALERTS, record);
            counter("llmwatch.alerts", "alerts by type and status (firing, resolved)",
                    "type", a.type() == null ? "none" : a.type().name(),
                    "status", a.status() == null ? "none" : a.status().json()).increment();
        } else if (topic.equals(Topics.DLQ.name())) {
            DeadLetter d = TopicTail.value(Topics.DLQ, record);
            String field = d.errors() == null || d.errors().isEmpty() ? "unreadable" : d.errors().get(0).field();
            counter("llmwatch.dlq.records", "dead letters by source topic and first bad field",
                    "source", Objects.toString(d.sourceTopic(), "none"), "reason", fields.label(field)).increment();
        }
    }

    private void scored(ScoredCall call) {
        String[] tags = {"app", apps.label(call.app()), "task", tasks.label(call.taskType()), "model", models.label(call.model())};
        counter("llmwatch.calls", "scored calls by app, task and model", tags).increment();
        if (call.cost() != null && call.cost().amount() != null) {
            counter("llmwatch.cost.usd", "cost of the calls in USD", tags).increment(call.cost().amount());
        }
        if (call.scores() != null && call.scores().quality() != null) {
            DistributionSummary quality = meter("llmwatch.quality", tags, () -> DistributionSummary
                    .builder("llmwatch.quality").description("composite quality of each call, 0..1")
                    .tags(tags).serviceLevelObjectives(0.5, 0.7, 0.8, 0.9, 0.95).register(meters));
            quality.record(call.scores().quality());
        }
    }

    private void replayed(ReplayResult result) {
        String provider = providers.label(result.provider());
        counter("llmwatch.replays", "replays by provider and outcome",
                "provider", provider, "outcome", result.error() == null ? "ok" : "failed").increment();
        if (result.cost() != null && result.cost().amount() != null) {
            counter("llmwatch.replay.spend.usd", "replay spend in USD by provider", "provider", provider)
                    .increment(result.cost().amount());
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return meter(name, tags, () -> Counter.builder(name).description(description).tags(tags).register(meters));
    }

    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(String name, String[] tags, Supplier<M> register) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return (M) registered.computeIfAbsent(key, k -> register.get());
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
