package io.llmwatch.scorer;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The production scoring topology in a {@link TopologyTestDriver}, with typed inputs and outputs. */
public final class ScorerDriver implements AutoCloseable {

    /** One-minute windows without grace: a call a minute later closes the window. */
    public static final LlmwatchConfig MINUTE_WINDOWS = LlmwatchConfig.withPipeline(
            new PipelineConfig(Duration.ofMinutes(1), Duration.ZERO, null, null, null));

    /**
     * How often the statistics punctuators run, a twentieth of the publish interval: the scoring task
     * forwards its combined contributions, the statistics task publishes rounds.
     */
    public static final Duration TICK = PipelineConfig.DEFAULT.publishInterval().dividedBy(20);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, LlmCall> calls;
    private final TestInputTopic<String, byte[]> rawCalls;
    private final TestInputTopic<String, Evaluation> evaluations;
    private final TestInputTopic<String, byte[]> control;
    private final TestInputTopic<String, byte[]> replayResults;
    private final TestOutputTopic<String, Comparison> comparisons;
    private final TestOutputTopic<String, ScoredCall> scored;
    private final TestOutputTopic<String, ModelStats> stats;
    private final TestOutputTopic<String, DeadLetter> dlq;

    /** A driver of 1-minute windows with its own temporary state directory (the driver cleans it on close). */
    public ScorerDriver() {
        this(temporaryStateDir(), MINUTE_WINDOWS, CallFixture.CATALOG);
    }

    public ScorerDriver(Path stateDir, LlmwatchConfig config, PriceCatalog catalog) {
        driver = new TopologyTestDriver(ScorerTopology.build(config, catalog),
                StreamsConfigs.base(ScorerService.APPLICATION_ID, KafkaClientSettings.of("unused:9092"), stateDir), Instant.parse("2026-03-02T12:00:00Z"));
        StringSerializer keys = new StringSerializer();
        calls = driver.createInputTopic(Topics.CALLS.name(), keys, Topics.CALLS.valueSerde().serializer());
        rawCalls = driver.createInputTopic(Topics.CALLS.name(), keys, new ByteArraySerializer());
        evaluations = driver.createInputTopic(Topics.EVALUATIONS.name(), keys, Topics.EVALUATIONS.valueSerde().serializer());
        control = driver.createInputTopic(Topics.CONTROL.name(), keys, new ByteArraySerializer());
        replayResults = driver.createInputTopic(Topics.REPLAY_RESULTS.name(), keys, new ByteArraySerializer());
        StringDeserializer keyReader = new StringDeserializer();
        comparisons = driver.createOutputTopic(Topics.COMPARISONS.name(), keyReader,
                Topics.COMPARISONS.valueSerde().deserializer());
        scored = driver.createOutputTopic(Topics.SCORED.name(), keyReader, Topics.SCORED.valueSerde().deserializer());
        stats = driver.createOutputTopic(Topics.MODEL_STATS.name(), keyReader, Topics.MODEL_STATS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), keyReader, Topics.DLQ.valueSerde().deserializer());
    }

    /** Publishes a call keyed by its call_id, as llmwatch's producers do. */
    public ScorerDriver send(CallFixture call) {
        return send(call.callId(), call);
    }

    public ScorerDriver send(String key, CallFixture call) {
        calls.pipeInput(key, call.build());
        return this;
    }

    public ScorerDriver sendRaw(String key, String value) {
        rawCalls.pipeInput(key, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ScorerDriver evaluate(Evaluation evaluation) {
        return evaluate(evaluation.callId(), evaluation);
    }

    public ScorerDriver evaluate(String key, Evaluation evaluation) {
        evaluations.pipeInput(key, evaluation);
        return this;
    }

    public ScorerDriver control(String key, String json) {
        control.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Publishes a replay result keyed by its call_id, as the replay worker does. */
    public ScorerDriver replayed(ReplayResult result) {
        replayResults.pipeInput(result.callId(), Topics.REPLAY_RESULTS.valueSerde().serializer().serialize("", result));
        return this;
    }

    public ScorerDriver replayedRaw(String key, String value) {
        replayResults.pipeInput(key, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ScorerDriver advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
        return this;
    }

    /** Scored calls emitted since the last read. */
    public List<KeyValue<String, ScoredCall>> scored() {
        return scored.readKeyValuesToList();
    }

    /**
     * Model statistics published since the last read, after a tick (the scoring task forwards its
     * combined contributions) and one more publish interval of wall-clock time: windows that changed
     * since the last publication, and those that closed since.
     */
    public List<KeyValue<String, ModelStats>> stats() {
        driver.advanceWallClockTime(TICK);
        driver.advanceWallClockTime(PipelineConfig.DEFAULT.publishInterval());
        return stats.readKeyValuesToList();
    }

    /** Model statistics published since the last read, without advancing the wall clock. */
    public List<KeyValue<String, ModelStats>> statsPublished() {
        return stats.readKeyValuesToList();
    }

    /** Comparisons emitted since the last read. */
    public List<KeyValue<String, Comparison>> comparisons() {
        return comparisons.readKeyValuesToList();
    }

    public List<KeyValue<String, DeadLetter>> deadLetters() {
        return dlq.readKeyValuesToList();
    }

    /** Every topic the topology has written to so far, internal repartition topics included. */
    public Set<String> producedTopics() {
        return driver.producedTopicNames();
    }

    @Override
    public void close() {
        driver.close();
    }

    private static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("scorer-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
