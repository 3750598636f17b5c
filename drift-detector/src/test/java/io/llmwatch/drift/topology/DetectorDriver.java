package io.llmwatch.drift.topology;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
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

/** The production topology under {@link TopologyTestDriver}, with its topics at hand. */
final class DetectorDriver implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-11-03T12:00:00Z");

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ModelStats> stats;
    private final TestInputTopic<String, Comparison> comparisons;
    private final TestInputTopic<String, String> control;
    private final TestOutputTopic<String, DriftAlert> alerts;
    private final TestOutputTopic<String, Recommendation> recommendations;

    DetectorDriver(LlmwatchConfig config, Path stateDir) {
        driver = new TopologyTestDriver(DriftDetectorTopology.build(config),
                StreamsConfigs.base("drift-detector-test", KafkaClientSettings.of("127.0.0.1:9"), stateDir), WALL_CLOCK);
        stats = driver.createInputTopic(Topics.MODEL_STATS.name(), new StringSerializer(),
                Topics.MODEL_STATS.valueSerde().serializer());
        comparisons = driver.createInputTopic(Topics.COMPARISONS.name(), new StringSerializer(),
                Topics.COMPARISONS.valueSerde().serializer());
        control = driver.createInputTopic(Topics.CONTROL.name(), new StringSerializer(), new StringSerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), new StringDeserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(), new StringDeserializer(),
                Topics.RECOMMENDATIONS.valueSerde().deserializer());
    }

    static LlmwatchConfig config(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    /** Publishes statistics as the scorer does: keyed {@code app/task/model}, stamped with the window's end. */
    void publish(ModelStats... windowStats) {
        for (ModelStats s : windowStats) {
            stats.pipeInput(s.key().toString(), s, s.window().end().toEpochMilli() - 1);
        }
    }

    /** Publishes comparisons as the scorer does: keyed {@code app/task/candidate}. */
    void publish(Comparison... latest) {
        for (Comparison c : latest) {
            comparisons.pipeInput(c.key().toString(), c, c.updatedAt().toEpochMilli());
        }
    }

    void setControl(String key, String json) {
        control.pipeInput(key, json);
    }

    List<KeyValue<String, DriftAlert>> alerts() {
        return alerts.readKeyValuesToList();
    }

    List<KeyValue<String, Recommendation>> recommendations() {
        return recommendations.readKeyValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
