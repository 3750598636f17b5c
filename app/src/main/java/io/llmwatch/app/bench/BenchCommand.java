package io.llmwatch.app.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.app.bench.ThroughputRounds.Ratios;
import io.llmwatch.app.bench.ThroughputRounds.Result;
import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmwatch bench}: the home of llmwatch's performance figures. Measures, on one embedded
 * broker in one run, the exactly-once throughput of the production scoring topology and of a bare
 * parse-and-count topology over the same records, and reports their ratio (machines here are too
 * noisy for absolute figures alone), the records each dropped, plus heap and RSS.
 *
 * <p>Each topology runs twice over the same calls, each time as a new application with empty state:
 * first in a cold JVM, where just-in-time compilation of the broker, Kafka Streams and llmwatch takes
 * much of the two cores, then warm, which is what a long-running service sustains. Both rounds are
 * printed; the goals are judged on the warm one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ScorerInstanceCommand.class,
        description = {"Benchmarks the scoring topology against a bare parse-and-count baseline on an embedded broker",
                "(exactly-once, ~2 KB calls), cold then warm, and prints throughput, their ratio, dropped records,",
                "call-to-leaderboard latency p50/p99 at 1k and 10k calls/s,",
                "heap and RSS; then the Java SDK's record() latency, the paired statistics' speed, the change",
                "detectors' delays, false alarms per 100k samples and updates/s, the recording proxy's latency",
                "overhead against direct calls to a local upstream, the replay worker's throughput and the judges' pairs/s."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "200000", description = "calls to process (default: ${DEFAULT-VALUE})")
    long calls;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--proxy-calls", defaultValue = "2000",
            description = "calls per path (direct, proxied) and kind for the proxy overhead (default: ${DEFAULT-VALUE})")
    int proxyCalls;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the results as JSON")
    Path out;

    @Option(names = "--decisions-only", description = "run only the decisions section (seeded simulations, no broker)")
    private boolean decisionsOnly;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--latency-seconds", defaultValue = "10",
            description = "seconds of calls per rate for the call-to-leaderboard latency, 0 to leave it out (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(names = "--scorer-only", description = "only the scorer's throughput and call-to-leaderboard latency")
    boolean scorerOnly;

    @Option(names = "--instances", defaultValue = "1",
            description = "Kafka Streams instances per topology, each with its own state, in this JVM (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--threads", paramLabel = "N",
            description = {"stream threads (num.stream.threads) per instance, for the baseline and the scorer alike",
                    "(default: one per core of this machine, as `run --scorer-threads` should be set)"})
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "a Kafka Streams setting on top of the production ones, for the baseline and the scorer alike, e.g. producer.compression.type=none (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--jvms", defaultValue = "0", paramLabel = "N",
            description = {"also run the scorer in child JVMs of its own, in 1 and in N JVMs (one instance each), cold and warm,",
                    "the broker and producer staying in this one, and print N against 1 (default: not)"})
    int jvms;

    @Option(names = "--codec", description = "run only the JSON codec section (read and write per call against plain Jackson, no broker)")
    boolean codecOnly;

    @Option(names = "--floor", description = "also time the contract floor: the least per-call work that keeps llmwatch.scored's"
            + " contract (check, deduplicate, price, write), against the same baseline")
    boolean floor;

    @Option(names = "--profile", description = {"print the warm scorer's and the warm baseline's CPU per stage, from a Java Flight Recorder recording;",
            "with --jvms, also each child JVM's in the warm rounds"})
    boolean profile;

    @Option(names = "--warm-rounds", paramLabel = "N", defaultValue = "1",
            description = {"warm rounds of each topology, alternating baseline and scorer (and floor), and print each figure's",
                    "median and range over them: one round on a shared machine can be off by 2x (default: ${DEFAULT-VALUE})"})
    int warmRounds;

    /** How the further warm rounds are named: "warm-2", "warm-3", ... */
    static final String WARM_AGAIN = "warm-";

    private final PrintStream console = System.out;
    private List<SdkBench.Result> sdkResults = List.of();
    private List<LatencyBench.Figures> latency = List.of();
    /** The warm scorer round's calls store on disk. */
    private ScorerDisk scorerDisk;
    /** The contract floor's rounds, cold then warm; empty without {@code --floor}. */
    private final List<Result> floors = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (decisionsOnly) {
            DecisionBench.run(console);
            return 0;
        }
        if (codecOnly) {
            CodecBench.run(console, seed);
            return 0;
        }
        if (warmRounds < 1) {
            throw new IllegalArgumentException("--warm-rounds must be at least 1, not " + warmRounds);
        }
        if (latencySeconds < 0) {
            throw new IllegalArgumentException("--latency-seconds must be 0 (left out) or more, not " + latencySeconds);
        }
        ThroughputRounds rounds = new ThroughputRounds(console, calls, seed, instances, streamsOverrides());
        List<Result> results = new ArrayList<>();
        Path stateDir = Files.createTempDirectory("llmwatch-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(partitions).start()) {
            kafka.createTopics(List.of(ThroughputRounds.BASELINE_COUNTS, ContractFloor.SCORED), partitions);
            console.printf("llmwatch bench: %,d calls, %d partitions, %d Streams instance(s) of %d stream thread(s) per topology,"
                    + " exactly-once, one embedded broker%s%n", calls, partitions, instances, threads,
                    settings.isEmpty() ? "" : "; also " + settings);
            console.printf("Each topology runs twice with empty state: in a cold JVM (JIT compilation competes for the%n"
                    + "cores), then warm, as a long-running service does; the goals apply to the warm round.%n"
                    + "The scorer runs with the production pipeline defaults: while the backlog is worked off, input%n"
                    + "partitions drift apart in event time by minutes, and every call still counts in its window.%n");
            results.add(rounds.produce(kafka.bootstrapServers()));
            // children start after the producer, before the rounds: their start-up is no round's CPU
            JvmScaleOut scaleOut = jvms > 0 ? JvmScaleOut.start(jvms, profile, kafka.bootstrapServers(), stateDir,
                    (name, applicationId, running) -> rounds.consume(name, applicationId, running, kafka.bootstrapServers())) : null;
            StageProfile stages = null;
            StageProfile baselineStages = null;
            try (scaleOut) {
                for (String round : roundNames()) {
                    if (profile && round.equals("warm")) {
                        baselineStages = StageProfile.start();
                    }
                    results.add(rounds.consume(round + ": baseline: parse + 1-min windowed count", "llmwatch-bench-baseline-" + round,
                            ThroughputRounds::baseline, kafka.bootstrapServers(), stateDir));
                    if (baselineStages != null) {
                        baselineStages.stop();
                    }
                    if (profile && round.equals("warm")) {
                        stages = StageProfile.start();
                    }
                    results.add(rounds.consume(round + ": scorer topology (production)", "llmwatch-bench-scorer-" + round,
                            ThroughputRounds::scorer, kafka.bootstrapServers(), stateDir));
                    if (stages != null) {
                        stages.stop();
                    }
                    if (round.equals("warm")) {
                        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                            scorerDisk = ScorerDisk.of(admin, "llmwatch-bench-scorer-" + round, stateDir, calls);
                        }
                    }
                    if (floor) {
                        floors.add(rounds.consume(round + ": contract floor (check, dedup, price, write)",
                                "llmwatch-bench-floor-" + round, ContractFloor::build, kafka.bootstrapServers(), stateDir));
                    }
                    if (scaleOut != null && !round.startsWith(WARM_AGAIN)) {
                        scaleOut.round(round);
                    }
                }
            }
            rounds.print(results, ThroughputRounds.ratios(results), ProcessFigures.now());
            scorerDisk.print(console);
            if (floor) {
                rounds.printFloor(floors, results);
            }
            if (warmRounds > 1) {
                rounds.printWarmRounds(WarmRounds.of(results, floors));
            }
            if (scaleOut != null) {
                scaleOut.print(console);
            }
            console.println(AbortedRecords.count(kafka.bootstrapServers(), Topics.SCORED.name()));
            if (stages != null) {
                try (StageProfile recorded = stages; StageProfile baselineRecorded = baselineStages) {
                    recorded.print(console, "llmwatch-bench-scorer-warm", results.get(4).calls(), results.get(4).applicationCpuMicrosPerCall());
                    baselineRecorded.print(console, "llmwatch-bench-baseline-warm", results.get(3).calls(), results.get(3).applicationCpuMicrosPerCall());
                }
            }
            CodecBench.run(console, seed);
            if (latencySeconds > 0) {
                latency = new LatencyBench(console, Duration.ofSeconds(latencySeconds), streamsOverrides())
                        .run(kafka.bootstrapServers(), stateDir, List.of(1_000, 10_000));
            } else {
                console.println("call-to-leaderboard latency: left out (--latency-seconds 0)");
            }
            if (scorerOnly) {
                if (out != null) {
                    write(results, ThroughputRounds.ratios(results), ProcessFigures.now(), null);
                }
                return 0;
            }
            sdkResults = SdkBench.run(console, kafka.bootstrapServers(), seed);
            new ReplayBench(console).run(kafka.bootstrapServers());
        } finally {
            // the rounds' RocksDB state, 0.5-0.9 GB a run: a hundred runs had left 47 GB in /tmp
            Utils.delete(stateDir.toFile());
        }
        Ratios ratios = ThroughputRounds.ratios(results);
        ProcessFigures memory = ProcessFigures.now();
        StatisticsBench.run(console);
        DetectorBench.print(console);
        DecisionBench.run(console);
        List<ProxyBench.Figures> proxy = ProxyBench.run(console, proxyCalls);
        if (out != null) {
            write(results, ratios, memory, proxy);
        }
        JudgeBench.run(console);
        return 0;
    }

    /** The rounds in order: cold, warm, then the further warm rounds ("warm-2", ...). */
    private List<String> roundNames() {
        List<String> names = new ArrayList<>(List.of("cold", "warm"));
        for (int i = 2; i <= warmRounds; i++) {
            names.add(WARM_AGAIN + i);
        }
        return names;
    }

    /** What both topologies run with on top of the production settings: {@code --threads}, then {@code --set}. */
    private Map<String, String> streamsOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        overrides.putAll(settings);
        return overrides;
    }

    private void write(List<Result> results, Ratios ratios, ProcessFigures memory, List<ProxyBench.Figures> proxy)
            throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("calls", calls).put("partitions", partitions).put("processing_guarantee", "exactly_once_v2")
                .put("instances", instances).put("stream_threads", threads);
        json.set("streams_settings", Json.mapper().valueToTree(settings));
        ArrayNode phases = json.putArray("phases");
        results.forEach(r -> phases.add(Json.mapper().valueToTree(r)));
        json.put("ratio_scorer_to_baseline", ratios.warm());
        json.put("ratio_scorer_to_baseline_cold", ratios.cold());
        json.put("ratio_scorer_to_baseline_cpu", ratios.cpuWarm());
        json.put("steady_ratio_scorer_to_baseline", ratios.steadyWarm());
        json.put("steady_ratio_scorer_to_baseline_cold", ratios.steadyCold());
        if (!floors.isEmpty()) {
            ArrayNode floorPhases = json.putArray("floor_phases");
            floors.forEach(r -> floorPhases.add(Json.mapper().valueToTree(r)));
        }
        if (warmRounds > 1) {
            json.set("warm_rounds", Json.mapper().valueToTree(WarmRounds.of(results, floors)));
        }
        json.set("call_to_leaderboard_latency", Json.mapper().valueToTree(latency));
        json.set("scorer_calls_store_disk", Json.mapper().valueToTree(scorerDisk));
        json.set("memory", Json.mapper().valueToTree(memory));
        // null with --scorer-only, which runs neither the SDK's section nor the proxy's
        if (proxy != null) {
            json.set("sdk_record", Json.mapper().valueToTree(sdkResults));
            json.set("proxy_overhead", Json.mapper().valueToTree(proxy));
        }
        Files.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        console.println("wrote " + out);
    }

}
