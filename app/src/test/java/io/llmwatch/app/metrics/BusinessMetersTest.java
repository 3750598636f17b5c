package io.llmwatch.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The business meters count what llmwatch publishes, with a bounded number of label values. */
class BusinessMetersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void callsCostAndQualityAreCountedByAppTaskAndModel() throws Exception {
        try (BusinessMeters meters = new BusinessMeters(KafkaClientSettings.of("127.0.0.1:9"), registry)) {
            meters.count(scored("support", "gpt-4.1", 0.002, 0.9));
            meters.count(scored("support", "gpt-4.1", 0.003, 0.7));

            assertThat(registry.get("llmwatch.calls").tag("app", "support").tag("model", "gpt-4.1").counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("llmwatch.cost.usd").tag("app", "support").counter().count()).isEqualTo(0.005, within(1e-12));
            assertThat(registry.get("llmwatch.quality").tag("model", "gpt-4.1").summary().mean()).isEqualTo(0.8, within(1e-12));
        }
    }

    @Test
    void appsBeyondTheBoundAreCountedAsOther() throws Exception {
        try (BusinessMeters meters = new BusinessMeters(KafkaClientSettings.of("127.0.0.1:9"), registry)) {
            for (int i = 0; i < BusinessMeters.MAX_APPS + 25; i++) {
                meters.count(scored("app-" + i, "gpt-4.1", 0.001, 0.8));
            }

            assertThat(registry.find("llmwatch.calls").counters()).hasSize(BusinessMeters.MAX_APPS + 1);
            assertThat(registry.get("llmwatch.calls").tag("app", LabelLimiter.OTHER).counter().count()).isEqualTo(25);
        }
    }

    @Test
    void replaysComparisonsRecommendationChangesAlertsAndDeadLettersAreCounted() throws Exception {
        try (BusinessMeters meters = new BusinessMeters(KafkaClientSettings.of("127.0.0.1:9"), registry)) {
            // replays by provider and outcome, and their spend
            meters.count(record(Topics.REPLAY_RESULTS, "c1", replay("openai", 0.004, null)));
            meters.count(record(Topics.REPLAY_RESULTS, "c2", replay("openai", 0.006, null)));
            meters.count(record(Topics.REPLAY_RESULTS, "c3", replay("groq", null, new CallError("timeout", "no answer"))));
            // comparisons by verdict
            meters.count(record(Topics.COMPARISONS, "support/chat/gpt-4.1-mini", comparison(Verdict.INCONCLUSIVE)));
            meters.count(record(Topics.COMPARISONS, "support/chat/gpt-4.1-mini", comparison(Verdict.NON_INFERIOR)));
            // a recommendation published three times, changing once
            meters.count(record(Topics.RECOMMENDATIONS, "support/chat", recommendation("gpt-4.1")));
            meters.count(record(Topics.RECOMMENDATIONS, "support/chat", recommendation("gpt-4.1")));
            meters.count(record(Topics.RECOMMENDATIONS, "support/chat", recommendation("gpt-4.1-mini")));
            // alerts by type and status
            meters.count(record(Topics.ALERTS, "a1", alert(AlertType.COST_DRIFT, AlertStatus.FIRING)));
            meters.count(record(Topics.ALERTS, "a1", alert(AlertType.COST_DRIFT, AlertStatus.RESOLVED)));
            // dead letters by source and first bad field
            meters.count(record(Topics.DLQ, "c4", DeadLetter.of("c4", new byte[] {1}, List.of(new FieldError("timestamp", "is ahead")),
                    Topics.CALLS.name(), 0, 7L, "scorer", NOW)));

            assertThat(registry.get("llmwatch.replays").tag("provider", "openai").tag("outcome", "ok").counter().count()).isEqualTo(2);
            assertThat(registry.get("llmwatch.replays").tag("provider", "groq").tag("outcome", "failed").counter().count()).isEqualTo(1);
            assertThat(registry.get("llmwatch.replay.spend.usd").tag("provider", "openai").counter().count())
                    .isEqualTo(0.010, within(1e-12));
            assertThat(registry.get("llmwatch.comparisons").tag("verdict", "inconclusive").counter().count()).isEqualTo(1);
            assertThat(registry.get("llmwatch.comparisons").tag("verdict", "non_inferior").counter().count()).isEqualTo(1);
            assertThat(registry.get("llmwatch.recommendation.changes").tag("app", "support").tag("task", "chat").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("llmwatch.alerts").tag("type", "COST_DRIFT").tag("status", "firing").counter().count()).isEqualTo(1);
            assertThat(registry.get("llmwatch.alerts").tag("type", "COST_DRIFT").tag("status", "resolved").counter().count()).isEqualTo(1);
            assertThat(registry.get("llmwatch.dlq.records").tag("source", Topics.CALLS.name()).tag("reason", "timestamp")
                    .counter().count()).isEqualTo(1);
        }
    }

    private static <V> ConsumerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ConsumerRecord<>(topic.name(), 0, 0, key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static ReplayResult replay(String provider, Double cost, CallError error) {
        return new ReplayResult(null, "c", NOW, "support", "chat", "gpt-4.1", "gpt-4.1-mini", provider, false, null,
                error == null ? "ok" : null, error == null ? "stop" : null, null,
                cost == null ? null : new Cost(cost, Cost.USD, CostSource.LOCAL, null), 100.0, error, 1, null, 0.01, 0.02, NOW);
    }

    private static Comparison comparison(Verdict verdict) {
        return new Comparison(null, "support", "chat", "gpt-4.1", "gpt-4.1-mini", "exact", 0.02, 100, 0.0, 0.1,
                new Interval(-0.01, 0.01, 0.95), new Interval(-0.02, 0.02, 0.95), verdict, null, null,
                100, 0, 900.0, 0.002, 0.010, 0.2, NOW, verdict.json(), EvidenceState.ACCUMULATING, 0, null);
    }

    private static Recommendation recommendation(String model) {
        return new Recommendation(null, "support", "chat", model, "gpt-4.1", "paired_non_inferiority",
                new TimeWindow(NOW.minusSeconds(60), NOW), 0.02, List.of(), null, 0, 0.0, NOW, "why");
    }

    private static DriftAlert alert(AlertType type, AlertStatus status) {
        return new DriftAlert(null, "a1", type, Severity.WARNING, "support", "chat", "gpt-4.1", NOW,
                new TimeWindow(NOW.minusSeconds(60), NOW), "cost rose", new Evidence("gpt-4.1", "gpt-4.1", null, null, null,
                null, null, null, null, null, null, null, null, null, Map.of()), type + "/support/chat/gpt-4.1", status);
    }

    private static ConsumerRecord<String, byte[]> scored(String app, String model, double cost, double quality) {
        ScoredCall call = new ScoredCall(ScoredCall.SCHEMA, "c", Instant.parse("2026-01-01T00:00:00Z"), app, "chat", "prod",
                null, null, "openai", model, model, "stop", null, 100.0, null, new Cost(cost, Cost.USD, CostSource.LOCAL, null),
                null, new Scores(null, null, null, null, quality, Map.of()), Map.of());
        return new ConsumerRecord<>(Topics.SCORED.name(), 0, 0, "c",
                Topics.SCORED.valueSerde().serializer().serialize(Topics.SCORED.name(), call));
    }
}
