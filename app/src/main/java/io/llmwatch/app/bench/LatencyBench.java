package io.llmwatch.app.bench;

import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelStats;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.ScorerService;
import io.llmwatch.stats.DecisionSimulation;
import io.llmwatch.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Call-to-leaderboard latency: the production scorer (default pipeline: 1-minute windows, 1 s
 * publish interval, exactly-once with 1 s commits) runs live while calls are published at a fixed
 * rate; a reader of {@code llmwatch.model-stats} (read_committed, as the query API's views read it)
 * notes when each call is first counted in a published window. A model's calls are counted in the
 * order they were sent, so the k-th call of a model is visible once the model's windows add up to k
 * calls (approximately: its calls arrive over several input partitions). Measured per rate, after the
 * scorer has worked off what the throughput rounds left on the topic, so its JVM is warm.
 */
final class LatencyBench {

    /** The latency goal at 10k calls/s on a 2-core machine. */
    static final Duration P99_GOAL = Duration.ofSeconds(2);

    private final PrintStream console;
    private final Duration duration;
    private final Map<String, String> overrides;

    /** @param overrides the scorer's Kafka Streams settings on top of the production ones, as the throughput rounds' */
    LatencyBench(PrintStream console, Duration duration, Map<String, String> overrides) {
        this.console = console;
        this.duration = duration;
        this.overrides = Map.copyOf(overrides);
    }

    /** One rate's figures. */
    record Figures(int callsPerSecond, long calls, long counted, double p50Ms, double p99Ms, double maxMs,
                   long updates, double scoredP50Ms, double scoredP99Ms, double commitsPerSecond, double commitMsAvg) {
    }

    List<Figures> run(String bootstrap, Path stateDir, List<Integer> rates) throws Exception {
        List<Figures> figures = new ArrayList<>();
        Properties settings = new Properties();
        settings.putAll(overrides);
        try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(bootstrap), LlmwatchConfig.empty(), PriceCatalog.defaults(),
                stateDir.resolve("latency-scorer"), settings)) {
            scorer.start();
            if (!scorer.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the scorer did not start");
            }
            awaitCaughtUp(bootstrap);
            for (int rate : rates) {
                figures.add(measure(bootstrap, rate, scorer));
            }
        }
        print(figures);
        return figures;
    }

    private Figures measure(String bootstrap, int rate, ScorerService scorer) throws Exception {
        String app = "latency-" + rate;
        List<String> models = new ArrayList<>();
        for (String task : BenchCalls.TASKS) {
            for (String model : BenchCalls.MODELS.subList(0, 2)) {
                models.add(app + "/" + task + "/" + model);
            }
        }
        int perModel = (int) (rate * duration.toSeconds() / models.size());
        Map<String, AtomicLongArray> sentNanos = new HashMap<>();
        Map<String, AtomicLongArray> seenNanos = new HashMap<>();
        models.forEach(model -> {
            sentNanos.put(model, new AtomicLongArray(perModel));
            seenNanos.put(model, new AtomicLongArray(perModel));
        });
        // per model: published window → its calls; per model: calls counted so far
        Map<String, Map<String, Long>> windows = new ConcurrentHashMap<>();
        long[] updates = new long[1];
        TopicTail tail = new TopicTail(KafkaClientSettings.of(bootstrap), "latency-bench-" + rate, List.of(Topics.MODEL_STATS), false, record -> {
            long now = System.nanoTime();
            ModelStats stats = TopicTail.value(Topics.MODEL_STATS, record);
            if (stats == null || !app.equals(stats.app())) {
                return;
            }
            updates[0]++;
            String model = stats.key().toString();
            Map<String, Long> byWindow = windows.computeIfAbsent(model, m -> new HashMap<>());
            byWindow.put(record.key(), stats.calls());
            long counted = Math.min(perModel, byWindow.values().stream().mapToLong(Long::longValue).sum());
            AtomicLongArray seen = seenNanos.get(model);
            for (int i = 0; i < counted; i++) {
                seen.compareAndSet(i, 0, now);
            }
        }).start();
        // The first half of the path: when each call's scoring transaction committed (its scored
        // record became visible to read_committed readers, as its statistics contribution did).
        String prefix = app + "-";
        AtomicLongArray scoredNanos = new AtomicLongArray(perModel * models.size());
        TopicTail scoredTail = new TopicTail(KafkaClientSettings.of(bootstrap), "latency-bench-scored-" + rate,
                List.of(Topics.SCORED), false, record -> {
            if (record.key() != null && record.key().startsWith(prefix)) {
                scoredNanos.compareAndSet(Integer.parseInt(record.key().substring(prefix.length())), 0, System.nanoTime());
            }
        }).start();
        CommitMeter commits = new CommitMeter(scorer.streams());
        BenchCalls generator = new BenchCalls(rate, Instant.now(), 1);
        try (tail; scoredTail; KafkaProducer<String, byte[]> producer = ThroughputRounds.producer(bootstrap, 5)) {
            Thread.sleep(1_000); // the tail positions itself at the end first
            long begin = System.nanoTime();
            long periodNanos = 10_000_000;
            int perTick = Math.max(1, rate / 100);
            int sent = 0;
            int total = perModel * models.size();
            while (sent < total) {
                long due = begin + (long) sent / perTick * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int k = 0; k < perTick && sent < total; k++, sent++) {
                    String model = models.get(sent % models.size());
                    int index = sent / models.size();
                    String[] parts = model.split("/", 3);
                    LlmCall call = generator.call(app + "-" + sent, Instant.now(), parts[0], parts[1], parts[2]);
                    byte[] value = Json.mapper().writeValueAsBytes(call);
                    sentNanos.get(model).set(index, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), value));
                }
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !allSeen(seenNanos)) {
                Thread.sleep(100);
            }
        }
        CommitMeter.Rate commitRate = commits.since();
        List<Double> latencies = new ArrayList<>();
        List<Double> scoredLatencies = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            AtomicLongArray sent = sentNanos.get(models.get(m));
            AtomicLongArray seen = seenNanos.get(models.get(m));
            for (int i = 0; i < perModel; i++) {
                if (seen.get(i) != 0) {
                    latencies.add(Math.max(0, seen.get(i) - sent.get(i)) / 1e6);
                }
                long scored = scoredNanos.get(i * models.size() + m);
                if (scored != 0) {
                    scoredLatencies.add(Math.max(0, scored - sent.get(i)) / 1e6);
                }
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] scoredSorted = scoredLatencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figures(rate, (long) perModel * models.size(), sorted.length, DecisionSimulation.quantile(sorted, 0.50),
                DecisionSimulation.quantile(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], updates[0],
                DecisionSimulation.quantile(scoredSorted, 0.50), DecisionSimulation.quantile(scoredSorted, 0.99),
                commitRate.perSecond(), commitRate.avgMs());
    }

    private static boolean allSeen(Map<String, AtomicLongArray> seenNanos) {
        return seenNanos.values().stream().allMatch(seen -> seen.length() == 0 || seen.get(seen.length() - 1) != 0);
    }

    /** Waits until the scorer has committed everything already on the calls topic. */
    private static void awaitCaughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.CALLS.name())).allTopicNames().get().values().forEach(topic -> topic
                    .partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(ScorerService.APPLICATION_ID).partitionsToOffsetAndMetadata().get();
                long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.CALLS.name()))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (done >= end) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the scorer did not catch up with the calls topic");
        }
    }

    private void print(List<Figures> figures) {
        console.printf("%nCall-to-leaderboard latency: production scorer (%s), calls published at a fixed rate for %d s,%n"
                + "time until a read_committed reader of llmwatch.model-stats sees each call counted (goal p99 <= %d s at 10k/s)%n",
                overrides.isEmpty() ? "production settings" : "also " + overrides, duration.toSeconds(), P99_GOAL.toSeconds());
        console.printf("%10s %10s %10s %10s %10s %10s %16s %14s %10s %12s%n", "calls/s", "calls", "counted", "p50 ms", "p99 ms",
                "max ms", "updates/model/s", "scored p50/p99", "commits/s", "commit ms");
        for (Figures f : figures) {
            double perKeyPerSecond = f.updates() / 6.0 / Math.max(1, duration.toSeconds());
            console.printf(Locale.ROOT, "%,10d %,10d %,10d %10.0f %10.0f %10.0f %16.2f %14s %10.2f %12.1f%s%n", f.callsPerSecond(),
                    f.calls(), f.counted(), f.p50Ms(), f.p99Ms(), f.maxMs(), perKeyPerSecond,
                    String.format(Locale.ROOT, "%.0f/%.0f", f.scoredP50Ms(), f.scoredP99Ms()), f.commitsPerSecond(),
                    f.commitMsAvg(), f.callsPerSecond() >= 10_000 ? (f.p99Ms() <= P99_GOAL.toMillis() ? "   met" : "   missed") : "");
        }
        console.printf("scored p50/p99: until the call's scoring transaction committed (its record on llmwatch.scored is%n"
                + "visible); the rest is the statistics stage, its publication round and the commit after it.%n");
    }
}
