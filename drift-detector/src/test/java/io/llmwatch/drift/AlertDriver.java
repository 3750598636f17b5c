package io.llmwatch.drift;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.topology.DriftDetectorTopology;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology under {@link TopologyTestDriver} with the bundled price catalog:
 * statistics, comparisons, scored calls and control entries in, alerts out.
 */
public final class AlertDriver implements AutoCloseable {

    public static final Instant WALL_CLOCK = Instant.parse("2026-11-03T12:00:00Z");

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ModelStats> stats;
    private final TestInputTopic<String, Comparison> comparisons;
    private final TestInputTopic<String, ScoredCall> scored;
    private final TestInputTopic<String, String> control;
    private final TestOutputTopic<String, DriftAlert> alerts;

    public AlertDriver(String yaml, Path stateDir) {
        LlmwatchConfig config = LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        driver = new TopologyTestDriver(DriftDetectorTopology.build(config, PriceCatalog.defaults()),
                StreamsConfigs.base("drift-alerts-test", KafkaClientSettings.of("127.0.0.1:9"), stateDir), WALL_CLOCK);
        stats = driver.createInputTopic(Topics.MODEL_STATS.name(), new StringSerializer(),
                Topics.MODEL_STATS.valueSerde().serializer());
        comparisons = driver.createInputTopic(Topics.COMPARISONS.name(), new StringSerializer(),
                Topics.COMPARISONS.valueSerde().serializer());
        scored = driver.createInputTopic(Topics.SCORED.name(), new StringSerializer(), Topics.SCORED.valueSerde().serializer());
        control = driver.createInputTopic(Topics.CONTROL.name(), new StringSerializer(), new StringSerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), new StringDeserializer(),
                Topics.ALERTS.valueSerde().deserializer());
    }

    /** Publishes statistics as the scorer does: keyed {@code app/task/model}, stamped with the window's end. */
    public void publish(ModelStats... windowStats) {
        for (ModelStats s : windowStats) {
            stats.pipeInput(s.key().toString(), s, s.window().end().toEpochMilli() - 1);
        }
    }

    /** Publishes comparisons as the scorer does: keyed {@code app/task/candidate}. */
    public void publish(Comparison... latest) {
        for (Comparison c : latest) {
            comparisons.pipeInput(c.key().toString(), c, c.updatedAt().toEpochMilli());
        }
    }

    /** Publishes scored calls as the scorer does: keyed {@code call_id}, stamped with the call's time. */
    public void publish(ScoredCall... calls) {
        for (ScoredCall call : calls) {
            scored.pipeInput(call.callId(), call, call.timestamp().toEpochMilli());
        }
    }

    public void setControl(String key, String json) {
        control.pipeInput(key, json);
    }

    /** The alerts published since the last call, keyed by alert id. */
    public List<KeyValue<String, DriftAlert>> alertRecords() {
        return alerts.readKeyValuesToList();
    }

    /** The alerts published since the last call. */
    public List<DriftAlert> alerts() {
        return alertRecords().stream().map(kv -> kv.value).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
