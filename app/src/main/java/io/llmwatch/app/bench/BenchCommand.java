package io.llmwatch.app.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmwatch bench}: the home of llmwatch's performance figures. Measures, on one embedded
 * broker in one run, the exactly-once throughput of the production scoring topology and of a bare
 * parse-and-count topology over the same records, and reports their ratio (machines here are too
 * noisy for absolute figures alone), plus heap and RSS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks the scoring topology against a bare parse-and-count baseline on an embedded broker",
                "(exactly-once, ~2 KB calls) and prints throughput, their ratio, heap and RSS."})
public final class BenchCommand implements Callable<Integer> {

    /** Output of the baseline topology; exists only on the benchmark's own broker. */
    static final Topic<String, Long> BASELINE_COUNTS =
            new Topic<>("llmwatch.bench.baseline-counts", Serdes.String(), Serdes.Long(), Map.of("cleanup.policy", "delete"));

    @Option(names = "--calls", defaultValue = "200000", description = "calls to process (default: ${DEFAULT-VALUE})")
    long calls;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the results as JSON")
    Path out;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    private final PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        List<Result> results = new ArrayList<>();
        Path stateDir = Files.createTempDirectory("llmwatch-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(partitions).start()) {
            kafka.createTopics(List.of(BASELINE_COUNTS), partitions);
            console.printf("llmwatch bench: %,d calls, %d partitions, exactly-once, one embedded broker%n", calls, partitions);
            results.add(produce(kafka.bootstrapServers()));
            results.add(consume("baseline: parse + 1-min windowed count", "llmwatch-bench-baseline", baseline(),
                    kafka.bootstrapServers(), stateDir));
            LlmwatchConfig config = LlmwatchConfig.empty();
            results.add(consume("scorer topology (production)", "llmwatch-bench-scorer",
                    ScorerTopology.build(config, PriceCatalog.defaults()), kafka.bootstrapServers(), stateDir));
        }
        double ratio = results.get(2).callsPerSecond() / results.get(1).callsPerSecond();
        ProcessFigures memory = ProcessFigures.now();
        print(results, ratio, memory);
        if (out != null) {
            write(results, ratio, memory);
        }
        return 0;
    }

    private Result produce(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // event times over the last hour: windows open and close as they would in production
        BenchCalls generator = new BenchCalls(seed, Instant.now().minus(Duration.ofHours(1)), Duration.ofHours(1).toMillis());
        long bytes = 0;
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < calls; i++) {
                byte[] value = generator.call(i, calls);
                bytes += value.length;
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), null, value));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Result("producer (generate + publish)", calls, seconds, bytes / (double) calls);
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
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .count()
                .toStream((window, count) -> window.key() + "@" + window.window().start())
                .to(BASELINE_COUNTS.name(), Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private Result consume(String name, String applicationId, Topology topology, String bootstrap, Path stateDir)
            throws Exception {
        Properties props = StreamsConfigs.base(applicationId, bootstrap, stateDir.resolve(applicationId));
        try (StreamsService service = new StreamsService(applicationId, topology, props);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            service.start();
            if (!service.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException(name + " did not start");
            }
            long begin = System.nanoTime();
            while (!caughtUp(admin, applicationId)) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            return new Result(name, calls, seconds, null);
        }
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
        Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        // transaction markers take an offset each: caught up means within a few markers of the end
        return committed.entrySet().stream().allMatch(e -> ends.get(e.getKey()) - e.getValue().offset() <= 1);
    }

    private void print(List<Result> results, double ratio, ProcessFigures memory) {
        console.println();
        console.printf("%-40s %12s %10s %14s%n", "phase", "calls", "seconds", "calls/s");
        for (Result r : results) {
            console.printf(Locale.ROOT, "%-40s %,12d %10.2f %,14.0f%n", r.name(), r.calls(), r.seconds(), r.callsPerSecond());
        }
        console.printf(Locale.ROOT, "%nmean call size %.0f bytes%n", results.get(0).bytesPerCall());
        console.printf(Locale.ROOT, "ratio scorer / baseline: %.2f   (goal >= 0.5)%n", ratio);
        console.printf(Locale.ROOT, "scorer absolute: %,.0f calls/s   (goal >= 50,000 on 2 cores)%n", results.get(2).callsPerSecond());
        console.println(memory);
    }

    private void write(List<Result> results, double ratio, ProcessFigures memory) throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("calls", calls).put("partitions", partitions).put("processing_guarantee", "exactly_once_v2");
        ArrayNode phases = json.putArray("phases");
        results.forEach(r -> phases.add(Json.mapper().valueToTree(r)));
        json.put("ratio_scorer_to_baseline", ratio);
        json.set("memory", Json.mapper().valueToTree(memory));
        Files.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        console.println("wrote " + out);
    }

    /** One measured phase. */
    record Result(String name, long calls, double seconds, Double bytesPerCall) {
        public double callsPerSecond() {
            return calls / seconds;
        }
    }
}
