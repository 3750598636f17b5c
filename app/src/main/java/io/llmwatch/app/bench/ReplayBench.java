package io.llmwatch.app.bench;

import io.llmwatch.config.KafkaClientSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.replay.ReplayBody;
import io.llmwatch.scorer.replay.ReplayWorker;
import io.llmwatch.scorer.replay.ReplayWorkerSettings;
import io.llmwatch.scorer.replay.Replayer;
import io.llmwatch.price.LivePrices;
import io.llmwatch.sim.Expected;
import io.llmwatch.sim.Latency;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code llmwatch bench}'s replay figures: requests per second through the real
 * {@link ReplayWorker} (Kafka in, HTTP to the provider, Kafka out, commits) against the simulated
 * provider answering every request in exactly {@value #LATENCY_MS} ms, at each provider concurrency
 * limit, and the ratio to the ideal (concurrency / latency). Each request replays one target and is
 * not judged, so the figure is the worker's own cost. The rate is taken from the results' publish
 * timestamps, first to last, so consumer-group start-up is not part of it.
 */
public final class ReplayBench {

    static final List<Integer> CONCURRENCY = List.of(16, 64);
    static final double LATENCY_MS = 50;
    /** Requests per round per permit: about this many latencies' worth at the ideal rate. */
    static final int REQUESTS_PER_PERMIT = 80;
    /** Unreported first round: the just-in-time compiler is busy for seconds with the HTTP and replay paths. */
    private static final int WARM_UP_REQUESTS = 6000;
    private static final String MODEL = "sim-bench-50ms";
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

    private final PrintStream console;

    public ReplayBench(PrintStream console) {
        this.console = console;
    }

    /** Runs the rounds on the broker at {@code bootstrap} (all llmwatch topics exist) and prints them. */
    public List<Round> run(String bootstrap) throws Exception {
        console.printf(Locale.ROOT, "%nReplay worker against the simulated provider (%.0f ms per request, one target per request,"
                + " no judge):%n", LATENCY_MS);
        List<Round> rounds = new ArrayList<>();
        try (SimulatedProvider sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(MODEL, 0.9).withLatency(Latency.fixed(LATENCY_MS))).start()) {
            round(bootstrap, sim, "warm-up", CONCURRENCY.get(CONCURRENCY.size() - 1), WARM_UP_REQUESTS);
            for (int concurrency : CONCURRENCY) {
                rounds.add(round(bootstrap, sim, "c" + concurrency, concurrency, concurrency * REQUESTS_PER_PERMIT));
            }
        }
        console.printf("%-12s %10s %10s %12s %10s %8s %11s %9s %13s%n", "concurrency", "requests", "seconds", "requests/s",
                "ideal/s", "ratio", "max at sim", "failures", "CPU ms/req");
        for (Round r : rounds) {
            console.printf(Locale.ROOT, "%-12d %,10d %10.2f %,12.0f %,10.0f %8.2f %11d %9d %13.2f%n", r.concurrency(),
                    r.requests(), r.seconds(), r.requestsPerSecond(), r.idealPerSecond(), r.ratio(), r.maxConcurrentAtServer(),
                    r.failures(), r.cpuMsPerRequest());
        }
        console.println("(CPU ms/req: CPU time of the whole process - broker, worker and simulated provider - from the first"
                + " result to the last, per request;\n on a busy machine the ratio shows the contention, this does not)");
        return rounds;
    }

    private Round round(String bootstrap, SimulatedProvider sim, String name, int concurrency, int requests) throws Exception {
        String group = "llmwatch-bench-replay-" + name + "-" + Instant.now().toEpochMilli();
        String prefix = group + "-";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             // results are counted by key and timestamp, not parsed: the harness should cost little of the CPU measured
             KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            startAtEnd(admin, group);
            List<TopicPartition> resultPartitions = partitions(admin, Topics.REPLAY_RESULTS.name());
            results.assign(resultPartitions);
            results.seekToEnd(resultPartitions);
            resultPartitions.forEach(results::position);
            produce(bootstrap, prefix, requests);
            sim.requests().clear();

            LlmwatchConfig config = LlmwatchConfig.empty().withProviders(Map.of("sim",
                    ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(concurrency).timeoutMs(30_000L)
                            .models(List.of(MODEL)).build()));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // four requests per provider permit keep the provider saturated while the worker waits on Kafka
            ReplayWorkerSettings settings = ReplayWorkerSettings.defaults(KafkaClientSettings.of(bootstrap)).withGroupId(group)
                    .withMaxInFlight(concurrency * 4);
            long cpuAtFirst = 0;
            long cpuAtLast = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            int seen = 0;
            try (ProviderRegistry providers = ProviderRegistry.builder(config).meters(meters).build();
                 ReplayWorker worker = new ReplayWorker(settings,
                         new Replayer(providers, kind -> null,
                                 new LivePrices(PriceCatalog.defaults(), key -> null), new ReplayBody(ReplayConfig.DEFAULT),
                                 Clock.systemUTC()), meters)) {
                worker.start();
                long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
                while (seen < requests) {
                    if (System.nanoTime() > deadline || worker.failure().isPresent()) {
                        throw new IllegalStateException("replay bench round " + name + " saw " + seen + " of " + requests
                                + " results" + worker.failure().map(f -> ": " + f).orElse(""));
                    }
                    for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                        if (record.key().startsWith(prefix)) {
                            if (seen == 0) {
                                cpuAtFirst = processCpuNanos();
                            }
                            seen++;
                            first = Math.min(first, record.timestamp());
                            last = Math.max(last, record.timestamp());
                        }
                    }
                }
                cpuAtLast = processCpuNanos();
            }
            double cpuMsPerRequest = (cpuAtLast - cpuAtFirst) / 1e6 / (requests - 1);
            long failures = meters.find("llmwatch.replay.results").counters().stream()
                    .filter(c -> !"ok".equals(c.getId().getTag("outcome"))).mapToLong(c -> (long) c.count()).sum();
            double seconds = Math.max(1, last - first) / 1000.0;
            return new Round(concurrency, requests, seconds, (requests - 1) / seconds, concurrency * 1000 / LATENCY_MS,
                    sim.requests().maxConcurrent(), failures, cpuMsPerRequest);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void produce(String bootstrap, String prefix, int requests) throws Exception {
        try (KafkaProducer<String, ReplayRequest> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), Topics.REPLAY_REQUESTS.valueSerde().serializer())) {
            List<String> labels = List.of("bug", "billing", "other");
            for (int i = 0; i < requests; i++) {
                String label = labels.get(i % labels.size());
                ObjectNode body = Json.mapper().createObjectNode().put("model", "gpt-4.1").put("temperature", 0.2);
                body.putArray("messages")
                        .add(Json.mapper().createObjectNode().put("role", "system").put("content", "Label the ticket."))
                        .add(Json.mapper().createObjectNode().put("role", "user").put("content", "Ticket " + i
                                + ": exports fail since the last release. " + Expected.label(label, labels).tag()));
                String callId = prefix + i;
                producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), callId, ReplayRequest.builder()
                        .callId(callId).callTimestamp(Instant.now()).app("bench").taskType("triage").incumbent("gpt-4.1")
                        .request(body).originalOutput(label).judge("exact").targets(List.of(MODEL)).projectedCostUsd(Map.of())
                        .requestedAt(Instant.now()).build()));
            }
            producer.flush();
        }
    }

    /** A new group starts at the current end: it replays only its own round's requests. */
    private static void startAtEnd(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions(admin, Topics.REPLAY_REQUESTS.name()).forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, ends).all().get();
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /**
     * One measured round.
     *
     * @param maxConcurrentAtServer the most requests the simulated provider had at once
     * @param failures              results that are errors (none expected)
     * @param cpuMsPerRequest       CPU time of the whole process (broker, worker, simulated provider)
     *                              per request: what a noisy machine's throughput cannot show
     */
    public record Round(int concurrency, int requests, double seconds, double requestsPerSecond, double idealPerSecond,
                        int maxConcurrentAtServer, long failures, double cpuMsPerRequest) {
        public double ratio() {
            return requestsPerSecond / idealPerSecond;
        }
    }
}
