package io.llmwatch.scorer.sample;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.ScorerService;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * The production scoring topology in a {@link TopologyTestDriver}, seen from the sampler: calls,
 * control records and replay results in; replay requests and dead letters out; a wall clock that
 * moves only when told; and, for a {@link #restartable} driver, {@link #restart()}, which starts a
 * new driver on a copy of the state as last committed.
 *
 * <p>A test driver deletes its state directory when it closes, so a restart copies the state of the
 * running one first. A copy of an open RocksDB is consistent only while no compaction rewrites its
 * files in the background, so a restartable driver runs RocksDB without automatic compaction
 * ({@link Quiescent}): meant for tests of a few hundred records.
 */
final class ReplayDriver implements AutoCloseable {

    /** The wall-clock time a driver starts at (mid-day UTC, so that a day boundary is twelve hours away). */
    static final Instant START = Instant.parse("2026-03-02T12:00:00Z");

    private final LlmwatchConfig config;
    private final PriceCatalog catalog;
    private final boolean restartable;
    /** Every control record sent, latest per key: what a restarted scorer reads back into its global table. */
    private final Map<String, byte[]> controlLog = new LinkedHashMap<>();
    private Path stateDir;
    private Instant now;
    private TopologyTestDriver driver;
    private TestInputTopic<String, LlmCall> calls;
    private TestInputTopic<String, byte[]> control;
    private TestInputTopic<String, ReplayResult> results;
    private TestOutputTopic<String, ReplayRequest> requests;
    private TestOutputTopic<String, DeadLetter> dlq;
    private TestOutputTopic<String, Comparison> comparisons;

    ReplayDriver(LlmwatchConfig config, PriceCatalog catalog) {
        this(config, catalog, false);
    }

    private ReplayDriver(LlmwatchConfig config, PriceCatalog catalog, boolean restartable) {
        this.config = config;
        this.catalog = catalog;
        this.restartable = restartable;
        this.stateDir = temporaryDir();
        this.now = START;
        open();
    }

    /** A driver that can {@link #restart()}. */
    static ReplayDriver restartable(LlmwatchConfig config, PriceCatalog catalog) {
        return new ReplayDriver(config, catalog, true);
    }

    private void open() {
        Properties props = StreamsConfigs.base(ScorerService.APPLICATION_ID, KafkaClientSettings.of("unused:9092"), stateDir);
        if (restartable) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, Quiescent.class);
        }
        driver = new TopologyTestDriver(ScorerTopology.build(config, catalog), props, now);
        StringSerializer keys = new StringSerializer();
        calls = driver.createInputTopic(Topics.CALLS.name(), keys, Topics.CALLS.valueSerde().serializer());
        control = driver.createInputTopic(Topics.CONTROL.name(), keys, new ByteArraySerializer());
        results = driver.createInputTopic(Topics.REPLAY_RESULTS.name(), keys, Topics.REPLAY_RESULTS.valueSerde().serializer());
        StringDeserializer keyReader = new StringDeserializer();
        requests = driver.createOutputTopic(Topics.REPLAY_REQUESTS.name(), keyReader,
                Topics.REPLAY_REQUESTS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), keyReader, Topics.DLQ.valueSerde().deserializer());
        comparisons = driver.createOutputTopic(Topics.COMPARISONS.name(), keyReader,
                Topics.COMPARISONS.valueSerde().deserializer());
        controlLog.forEach((key, value) -> control.pipeInput(key, value));
    }

    /** Publishes a call keyed by its call_id. */
    ReplayDriver send(LlmCall call) {
        calls.pipeInput(call.callId(), call);
        return this;
    }

    ReplayDriver control(String key, String json) {
        byte[] value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        if (value == null) {
            controlLog.remove(key);
        } else {
            controlLog.put(key, value);
        }
        control.pipeInput(key, value);
        return this;
    }

    ReplayDriver result(ReplayResult result) {
        results.pipeInput(result.callId(), result);
        return this;
    }

    /** Moves the wall clock on, firing what is due (once, however long the advance). */
    ReplayDriver advance(Duration duration) {
        driver.advanceWallClockTime(duration);
        now = now.plus(duration);
        return this;
    }

    /** Moves the wall clock on by one tick of the replay processor: campaign records are read. */
    ReplayDriver tick() {
        return advance(ReplayTaskProcessor.TICK);
    }

    Instant now() {
        return now;
    }

    /** Replay requests emitted since the last read. */
    List<ReplayRequest> requests() {
        return requests.readValuesToList();
    }

    List<KeyValue<String, ReplayRequest>> keyedRequests() {
        return requests.readKeyValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return dlq.readValuesToList();
    }

    /** Comparisons published since the last read. */
    List<Comparison> comparisons() {
        return comparisons.readValuesToList();
    }

    /**
     * Stops the scorer as a crash would and starts it again on its state as last committed, at the
     * same wall-clock time; its global table reads the control records back.
     */
    ReplayDriver restart() {
        return restartAt(now);
    }

    /** {@link #restart()}, coming back at {@code later} (a downtime). */
    ReplayDriver restartAt(Instant later) {
        if (!restartable) {
            throw new IllegalStateException("create the driver with ReplayDriver.restartable to restart it");
        }
        // A wall-clock step commits and writes the checkpoint, without which exactly-once would wipe the state.
        driver.advanceWallClockTime(Duration.ZERO);
        Path copy = temporaryDir();
        copyTree(stateDir, copy);
        driver.close();
        stateDir = copy;
        now = later;
        open();
        return this;
    }

    @Override
    public void close() {
        driver.close();
    }

    /** RocksDB without background compaction (and so without write stalls from many level-0 files). */
    public static final class Quiescent implements RocksDBConfigSetter {

        private static final int MANY_FILES = 1 << 20;

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            new StreamsConfigs.StoreOptions().setConfig(storeName, options, configs);
            options.setDisableAutoCompactions(true);
            options.setLevel0SlowdownWritesTrigger(MANY_FILES);
            options.setLevel0StopWritesTrigger(MANY_FILES);
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }

    private static Path temporaryDir() {
        try {
            return Files.createTempDirectory("replay-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
