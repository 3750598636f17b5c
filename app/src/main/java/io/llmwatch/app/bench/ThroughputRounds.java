package io.llmwatch.app.bench;

import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The throughput rounds of {@code llmwatch bench} ({@link BenchCommand}): publishes the bench's calls
 * once, then times each round, a topology's instances from when they all process until the
 * application has committed every call and every record of its repartition topics, with the CPU of
 * every process that runs them; and prints the rounds, with the ratios and figures the goals name.
 */
final class ThroughputRounds {

    /** Output of the baseline topology; exists only on the benchmark's own broker. */
    static final Topic<String, Long> BASELINE_COUNTS =
            new Topic<>("llmwatch.bench.baseline-counts", Serdes.String(), Serdes.Long(), Map.of("cleanup.policy", "delete"));

    /** The event times of the benchmark's calls span the last hour: windows open and close as in production. */
    static final Duration EVENT_TIME_SPAN = Duration.ofHours(1);

    private final PrintStream console;
    private final long calls;
    private final long seed;
    private final int instances;
    private final Map<String, String> overrides;

    /**
     * @param calls     calls to publish and to count in each round
     * @param seed      of the calls' generator
     * @param instances Kafka Streams instances per in-JVM round
     * @param overrides Kafka Streams settings of the in-JVM rounds, on top of the production ones
     */
    ThroughputRounds(PrintStream console, long calls, long seed, int instances, Map<String, String> overrides) {
        this.console = console;
        this.calls = calls;
        this.seed = seed;
        this.instances = instances;
        this.overrides = Map.copyOf(overrides);
    }

    static Ratios ratios(List<Result> results) {
        return new Ratios(results.get(2).callsPerSecond() / results.get(1).callsPerSecond(),
                results.get(4).callsPerSecond() / results.get(3).callsPerSecond(),
                results.get(3).cpuMicrosPerCall() / results.get(4).cpuMicrosPerCall(),
                ratio(results.get(2).steadyCallsPerSecond(), results.get(1).steadyCallsPerSecond()),
                ratio(results.get(4).steadyCallsPerSecond(), results.get(3).steadyCallsPerSecond()));
    }

    /** One rate over another, null where either was not measured. */
    static Double ratio(Double scorer, Double baseline) {
        return scorer == null || baseline == null ? null : scorer / baseline;
    }

    /** A steady rate or ratio as printed: "—" where it was not measured (a round over before all its instances ran). */
    static String steady(Double value, String format) {
        return value == null ? "—" : String.format(Locale.ROOT, format, value);
    }

    /**
     * CPU time of this whole process (the broker included: the scorer makes it write three records
     * per call where the baseline makes it write one). On a machine shared with other work, the
     * wall-clock throughput of a round says as much about the neighbours as about the topology; the
     * CPU it took per call does not, and {@code cores / CPU per call} is what an otherwise idle
     * machine could sustain.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The scoring topology as the bench measures it: production code, default configuration and prices. */
    static Topology scorer() {
        return ScorerTopology.build(LlmwatchConfig.empty(), PriceCatalog.defaults());
    }

    /** A producer of calls as the collector publishes them (idempotent, acks=all, lz4). */
    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    Result produce(String bootstrap) throws Exception {
        BenchCalls generator = new BenchCalls(seed, Instant.now().minus(EVENT_TIME_SPAN), EVENT_TIME_SPAN.toMillis());
        long bytes = 0;
        long begin = System.nanoTime();
        // The rounds wait until every call is counted: a call that failed to publish would make them wait forever.
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, 10)) {
            for (long i = 0; i < calls; i++) {
                LlmCall call = generator.call(i, calls);
                byte[] value = Json.mapper().writeValueAsBytes(call);
                bytes += value.length;
                // keyed by call_id, as the collector publishes calls
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), value), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing the bench's calls failed", failure.get());
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Result("producer (generate + publish)", calls, seconds, bytes / (double) calls, null, null, null, null);
    }

    /** The baseline: what any Streams app over these records pays (parse, re-key, window, count). */
    static Topology baseline() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.CALLS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .map((key, value) -> {
                    try {
                        LlmCall call = Json.mapper().readValue(value, LlmCall.class);
                        return KeyValue.pair(call.app() + "/" + call.taskType() + "/" + call.model(), 1L);
                    } catch (IOException e) {
                        return KeyValue.pair("unreadable", 1L);
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
                // a grace as long as the calls' span, as the scorer keeps its windows: with no grace, a task
                // whose stream time ran ahead of another's dropped up to 27,594 of 200,000 calls, uncounted work
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), EVENT_TIME_SPAN))
                .count()
                .toStream((window, count) -> window.key() + "@" + window.window().start())
                .to(BASELINE_COUNTS.name(), Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    Result consume(String name, String applicationId, Supplier<Topology> topologies, String bootstrap, Path stateDir)
            throws Exception {
        return consume(name, applicationId, new LocalInstances(applicationId, topologies, instances, overrides, bootstrap, stateDir), bootstrap);
    }

    /**
     * One round: starts the instances, then times them from when all process until the application
     * has counted every call ({@link #caughtUp}), with the CPU of every process that runs them.
     */
    Result consume(String name, String applicationId, RoundInstances running, String bootstrap) throws Exception {
        try (running; Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // sampled from before the start, so that a reading precedes the round's beginning however fast the instances are
            SteadyRate.Sampler sampler = SteadyRate.Sampler.start(running::processedCalls);
            double seconds;
            double cpuMicrosPerCall;
            Double applicationCpuMicrosPerCall;
            try {
                running.start(Duration.ofMinutes(2));
                long begin = System.nanoTime();
                sampler.begin();
                long cpuBegin = processCpuNanos() + running.otherProcessesCpuNanos();
                long applicationCpuBegin = StageProfile.threadCpuNanos(applicationId);
                while (!caughtUp(admin, applicationId)) {
                    Thread.sleep(100);
                }
                seconds = (System.nanoTime() - begin) / 1e9;
                cpuMicrosPerCall = (processCpuNanos() + running.otherProcessesCpuNanos() - cpuBegin) / 1e3 / calls;
                // the application's own threads, when they run in this JVM
                applicationCpuMicrosPerCall = running instanceof LocalInstances
                        ? (StageProfile.threadCpuNanos(applicationId) - applicationCpuBegin) / 1e3 / calls : null;
            } finally {
                sampler.stop();
            }
            return new Result(name, calls, seconds, null, running.droppedRecords(), cpuMicrosPerCall,
                    applicationCpuMicrosPerCall, sampler.callsPerSecond(calls));
        }
    }

    /**
     * Records the topology skipped (task-level {@code dropped-records-total}: e.g. a statistics
     * contribution for a window that had already closed, or an unreadable record). A throughput
     * figure means little if the work it measures was partly thrown away.
     */
    static long droppedRecords(KafkaStreams streams) {
        return streams.metrics().values().stream()
                .filter(metric -> metric.metricName().name().equals("dropped-records-total")
                        && metric.metricName().group().equals("stream-task-metrics"))
                .mapToLong(metric -> ((Number) metric.metricValue()).longValue())
                .sum();
    }

    /**
     * True when the application has committed every input record and every record of its own
     * repartition topics: all sub-topologies are done, not just the first.
     */
    private boolean caughtUp(Admin admin, String applicationId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        long input = committed.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.CALLS.name()))
                .mapToLong(e -> e.getValue().offset()).sum();
        if (input < calls) {
            return false;
        }
        // A repartition partition the application has not committed on yet counts too: else the
        // benchmark could stop before a later sub-topology had done anything.
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        List<String> repartitions = admin.listTopics().names().get().stream()
                .filter(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition"))
                .toList();
        admin.describeTopics(repartitions).allTopicNames().get().values().forEach(topic -> topic.partitions()
                .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        // transaction markers take an offset each: caught up means within a few markers of the end
        return ends.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata done = committed.get(e.getKey());
            return e.getValue() - (done == null ? 0 : done.offset()) <= 1;
        });
    }

    void print(List<Result> results, Ratios ratios, ProcessFigures memory) {
        console.println();
        console.printf("%-52s %12s %10s %14s %14s %10s %14s %14s%n", "phase", "calls", "seconds", "calls/s", "steady/s", "dropped",
                "CPU us/call", "its threads");
        results.forEach(this::printRow);
        console.println("steady/s: input calls processed per second between 10 % and 90 % of the round's calls, without its start and"
                + " its commit tail");
        console.println("CPU us/call: the whole process (broker included); its threads: the topology's own stream and producer threads");
        console.printf(Locale.ROOT, "%nmean call size %.0f bytes%n", results.get(0).bytesPerCall());
        console.printf(Locale.ROOT, "ratio scorer / baseline: %.2f warm, %.2f cold   (goal >= 0.8)%n", ratios.warm(), ratios.cold());
        console.printf(Locale.ROOT, "steady ratio scorer / baseline: %s warm, %s cold%n", steady(ratios.steadyWarm(), "%.2f"),
                steady(ratios.steadyCold(), "%.2f"));
        console.printf(Locale.ROOT, "scorer absolute: %,.0f calls/s warm, %,.0f cold   (goal >= 50,000 on 2 cores)%n",
                results.get(4).callsPerSecond(), results.get(2).callsPerSecond());
        int cores = Runtime.getRuntime().availableProcessors();
        console.printf(Locale.ROOT, "by CPU per call (process, broker included), warm: ratio %.2f; %,.0f calls/s on %d idle cores"
                + " (baseline %,.0f)%n", ratios.cpuWarm(), cores * 1e6 / results.get(4).cpuMicrosPerCall(), cores,
                cores * 1e6 / results.get(3).cpuMicrosPerCall());
        console.println(memory);
    }

    private void printRow(Result r) {
        console.printf(Locale.ROOT, "%-52s %,12d %10.2f %,14.0f %14s %10s %14s %14s%n", r.name(), r.calls(), r.seconds(),
                r.callsPerSecond(), r.droppedRecords() == null ? "" : steady(r.steadyCallsPerSecond(), "%,.0f"),
                r.droppedRecords() == null ? "" : String.format(Locale.ROOT, "%,d", r.droppedRecords()),
                r.cpuMicrosPerCall() == null ? "" : String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerCall()),
                r.applicationCpuMicrosPerCall() == null ? "" : String.format(Locale.ROOT, "%.0f", r.applicationCpuMicrosPerCall()));
    }

    /**
     * Prints the rounds of the contract floor ({@link ContractFloor}: {@code floors}, cold then warm)
     * and how they compare with the baseline's and the scorer's rounds of the same run.
     */
    void printFloor(List<Result> floors, List<Result> results) {
        floors.forEach(this::printRow);
        Result cold = floors.get(0);
        Result warm = floors.get(1);
        console.printf(Locale.ROOT, "ratio floor / baseline: %.2f warm, %.2f cold; steady %s warm, %s cold; by CPU per call, warm:"
                        + " %.2f   (the most a scorer that keeps the contract can reach)%n",
                warm.callsPerSecond() / results.get(3).callsPerSecond(), cold.callsPerSecond() / results.get(1).callsPerSecond(),
                steady(ratio(warm.steadyCallsPerSecond(), results.get(3).steadyCallsPerSecond()), "%.2f"),
                steady(ratio(cold.steadyCallsPerSecond(), results.get(1).steadyCallsPerSecond()), "%.2f"),
                results.get(3).cpuMicrosPerCall() / warm.cpuMicrosPerCall());
        console.printf(Locale.ROOT, "ratio scorer / floor: %.2f warm, %.2f cold; steady %s warm, %s cold; by CPU per call, warm: %.2f%n",
                results.get(4).callsPerSecond() / warm.callsPerSecond(), results.get(2).callsPerSecond() / cold.callsPerSecond(),
                steady(ratio(results.get(4).steadyCallsPerSecond(), warm.steadyCallsPerSecond()), "%.2f"),
                steady(ratio(results.get(2).steadyCallsPerSecond(), cold.steadyCallsPerSecond()), "%.2f"),
                warm.cpuMicrosPerCall() / results.get(4).cpuMicrosPerCall());
    }

    /** Prints each warm figure's median and range over the warm rounds ({@code --warm-rounds}). */
    void printWarmRounds(WarmRounds warm) {
        console.printf(Locale.ROOT, "%nwarm rounds: %d of each topology, alternating; median (least–greatest):%n", warm.rounds());
        console.printf(Locale.ROOT, "  baseline calls/s %s%n", spread(warm.baselineCallsPerSecond(), "%,.0f"));
        console.printf(Locale.ROOT, "  scorer calls/s %s, steady/s %s   (goal >= 50,000 on 2 cores)%n",
                spread(warm.scorerCallsPerSecond(), "%,.0f"), spread(warm.scorerSteadyCallsPerSecond(), "%,.0f"));
        console.printf(Locale.ROOT, "  ratio scorer / baseline %s, steady %s, by CPU per call %s   (goal >= 0.8; per pair)%n",
                spread(warm.ratio(), "%.2f"), spread(warm.steadyRatio(), "%.2f"), spread(warm.cpuRatio(), "%.2f"));
        if (warm.floorCallsPerSecond() != null) {
            console.printf(Locale.ROOT, "  floor calls/s %s; ratio scorer / floor %s%n", spread(warm.floorCallsPerSecond(), "%,.0f"),
                    spread(warm.scorerToFloor(), "%.2f"));
        }
    }

    private static String spread(WarmRounds.Spread spread, String format) {
        return spread == null ? "—" : String.format(Locale.ROOT, format + " (" + format + "–" + format + ")",
                spread.median(), spread.min(), spread.max());
    }

    /**
     * Scorer over baseline throughput, in the cold and in the warm round, in the warm round by CPU
     * per call (baseline's over scorer's), and by steady rate ({@link SteadyRate}) cold and warm
     * (null where a round's was not measured).
     */
    record Ratios(double cold, double warm, double cpuWarm, Double steadyCold, Double steadyWarm) {
    }

    /**
     * One measured phase.
     *
     * @param droppedRecords   records the topology skipped, null for the producer
     * @param cpuMicrosPerCall CPU of the whole process per call during the round, null for the producer
     * @param applicationCpuMicrosPerCall CPU of the topology's own threads (stream threads, their producers' I/O
     *                                    threads) per call, null for the producer
     * @param steadyCallsPerSecond input calls processed per second between 10 % and 90 % of the round's calls
     *                             ({@link SteadyRate}); null for the producer and for a round over before all its instances ran
     */
    record Result(String name, long calls, double seconds, Double bytesPerCall, Long droppedRecords, Double cpuMicrosPerCall,
                  Double applicationCpuMicrosPerCall, Double steadyCallsPerSecond) {
        public double callsPerSecond() {
            return calls / seconds;
        }
    }
}
