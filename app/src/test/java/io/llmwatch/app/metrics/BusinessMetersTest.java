package io.llmwatch.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The business meters count what llmwatch publishes, with a bounded number of label values. */
class BusinessMetersTest {

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

    private static ConsumerRecord<String, byte[]> scored(String app, String model, double cost, double quality) {
        ScoredCall call = new ScoredCall(ScoredCall.SCHEMA, "c", Instant.parse("2026-01-01T00:00:00Z"), app, "chat", "prod",
                null, null, "openai", model, model, "stop", null, 100.0, null, new Cost(cost, Cost.USD, CostSource.LOCAL, null),
                null, new Scores(null, null, null, null, quality, Map.of()), Map.of());
        return new ConsumerRecord<>(Topics.SCORED.name(), 0, 0, "c",
                Topics.SCORED.valueSerde().serializer().serialize(Topics.SCORED.name(), call));
    }
}
