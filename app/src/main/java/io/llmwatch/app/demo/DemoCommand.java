package io.llmwatch.app.demo;

import io.llmwatch.config.KafkaClientSettings;
import ch.qos.logback.classic.Level;
import io.llmwatch.app.run.Component;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.app.run.DurationConverter;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.app.run.ServerPorts;
import io.llmwatch.app.kafka.ControlPublisher;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.event.AlertType;
import io.llmwatch.price.PriceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmwatch demo}: the whole loop — capture, score, sample, replay, judge, compare, recommend,
 * alert — on a real Kafka broker inside this process, against a <em>simulated</em> LLM provider
 * (an OpenAI-compatible HTTP server, {@link SimulatedProvider}), visible in about a minute. The
 * candidates are replayed through it over HTTP exactly as they would be through a real provider.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs an embedded Kafka broker, every llmwatch component, a simulated LLM provider (not a",
                "real LLM) and production traffic for 5 tasks. Candidates are replayed against the simulated",
                "provider over HTTP and judged against the incumbent; watch the comparisons decide, the",
                "recommendations change, and provider updates, a price change and a token spiral raise alerts."})
public final class DemoCommand implements Callable<Integer> {

    static final String CONFIG_RESOURCE = "/io/llmwatch/app/demo/llmwatch-demo.yaml";
    static final String SIM_PROVIDER = "sim";
    /** Time after the last call for the last replays, comparisons and windows to come through. */
    private static final Duration SETTLE = Duration.ofSeconds(8);

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long traffic runs (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "60", description = "simulated production calls per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the simulator (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    ServerPorts ports;

    @Option(names = "--table-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "how often the recommendation table is printed (default: ${DEFAULT-VALUE})")
    Duration tableEvery;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        quietKafkaLogs();
        Path stateDir = Files.createTempDirectory("llmwatch-demo-");
        out.println("llmwatch demo: starting Kafka (embedded, KRaft), collector, scorer, drift-detector and query API ...");
        out.println("The demo is ephemeral: its broker and state live in temporary directories deleted when it ends "
                + "(llmwatch run keeps them in llmwatch-data/).");
        Instant started = Instant.now();
        // The demo's collector is protected like any other; its own simulator is the only one given the key.
        String key = ApiKeys.generate();
        try (SimulatedProvider provider = SimulatedProvider.builder().models(Scenario.models()).seed(seed).start()) {
            out.println("simulated provider (not a real LLM) on " + provider.baseUrl() + " serving "
                    + Scenario.models().stream().map(m -> m.id()).sorted().toList());
            return run(provider, key, stateDir, started);
        } finally {
            Utils.delete(stateDir.toFile());
        }
    }

    private int run(SimulatedProvider provider, String key, Path stateDir, Instant started) throws Exception {
        LlmwatchConfig config = demoConfig(provider.baseUrl());
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(
                EnumSet.allOf(Component.class), null, ports.kafka, ports.collector, ports.query, stateDir, config,
                PriceCatalog.defaults(), 2, ApiKeys.of(List.of(key)), null, ports.bind))) {
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                out.println("Streams components did not start within 2 minutes; giving up.");
                return 1;
            }
            out.printf(Locale.ROOT, "Ready in %.1f s. Kafka %s · collector http://127.0.0.1:%d/v1/events · query API http://127.0.0.1:%d/api/leaderboard%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, runtime.kafka().bootstrapServers(),
                    runtime.collectorPort(), runtime.queryPort());
            out.printf(Locale.ROOT, "%nDashboard: http://127.0.0.1:%d/  (open it to watch the decisions happen; it is "
                    + "served until the demo ends)%n%n", runtime.queryPort());
            out.flush();
            return play(runtime, provider, key);
        }
    }

    private int play(LlmwatchRuntime runtime, SimulatedProvider provider, String key) throws InterruptedException {
        TrafficSimulator traffic = new TrafficSimulator(provider, Scenario.tasks(),
                "http://127.0.0.1:" + runtime.collectorPort(), key, rate, seed);
        Instant begin = Instant.now();
        Instant end = begin.plus(duration);
        out.printf(Locale.ROOT, "Sending %.0f production calls/s for %d s, each answered by its task's incumbent on the "
                + "simulated provider; a share of them is replayed against the candidates over HTTP.%n", rate,
                duration.toSeconds());
        List<Step> steps = List.of(
                new Step(Scenario.MINI_UPDATE_AT, String.format(Locale.ROOT,
                        "provider update: %s now answers as well as gpt-4.1 (quality %.2f → %.2f)", Scenario.UPDATED_MODEL,
                        provider.quality(Scenario.UPDATED_MODEL), Scenario.UPDATED_QUALITY),
                        () -> provider.setQuality(Scenario.UPDATED_MODEL, Scenario.UPDATED_QUALITY)),
                new Step(Scenario.INCUMBENT_DROP_AT, String.format(Locale.ROOT,
                        "provider update: %s, the incumbent of analytics/extract-entities, gets worse (quality %.2f → %.2f)",
                        Scenario.DROPPING_MODEL, provider.quality(Scenario.DROPPING_MODEL), Scenario.DROPPED_QUALITY),
                        () -> provider.setQuality(Scenario.DROPPING_MODEL, Scenario.DROPPED_QUALITY)),
                new Step(Scenario.SPIRAL_AT, "an agent run of support/triage-agent (" + traffic.spiralTrace()
                        + ") starts looping: " + TrafficSimulator.SPIRAL_STEPS + " near-identical steps, each prompt longer",
                        traffic::startSpiral),
                new Step(Scenario.PRICE_CHANGE_AT, String.format(Locale.ROOT,
                        "price change: %s now costs $%.2f / $%.2f per 1M input/output tokens (llmwatch config set price/%s)",
                        Scenario.REPRICED_MODEL, Scenario.REPRICED_INPUT_PER_MTOK, Scenario.REPRICED_OUTPUT_PER_MTOK,
                        Scenario.REPRICED_MODEL),
                        () -> publishPrice(runtime.kafka())));
        for (Step step : steps) {
            out.printf(Locale.ROOT, "  at +%2d s: %s%n", at(step), step.what());
        }
        out.println();
        ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "llmwatch-demo-timeline");
            thread.setDaemon(true);
            return thread;
        });
        Thread sender = null;
        try (DemoConsole console = new DemoConsole(runtime.kafka(), out)) {
            console.start();
            for (Step step : steps) {
                timeline.schedule(() -> {
                    try {
                        step.action().run();
                        synchronized (out) {
                            out.printf(Locale.ROOT, "[+%ds] %s%n", Duration.between(begin, Instant.now()).toSeconds(), step.what());
                        }
                    } catch (RuntimeException e) {
                        out.println("  scenario step failed: " + e);
                    }
                }, at(step), TimeUnit.SECONDS);
            }
            sender = new Thread(() -> traffic.run(end), "llmwatch-demo-traffic");
            sender.start();
            sender.join(tableEvery.toMillis());
            while (sender.isAlive()) {
                console.printTables(String.format(Locale.ROOT, "[+%ds] %,d calls sent · %,d replays",
                        Duration.between(begin, Instant.now()).toSeconds(), traffic.callsSent.get(), console.replays()));
                sender.join(tableEvery.toMillis());
            }
            // the last replays and windows close a few seconds after the last call
            Thread.sleep(SETTLE.toMillis());
            out.println();
            console.printTables("Final comparisons and recommendations");
            out.println();
            out.println("Summary");
            out.printf("  calls sent %,d · replays %,d · paired deltas %,d over %d comparisons · batches rejected %d · "
                            + "HTTP failures %d · failed calls %d%n",
                    traffic.callsSent.get(), console.replays(), console.pairs(), console.comparisonsWithPairs(),
                    traffic.rejected.get(), traffic.httpFailures.get(), traffic.failures.get());
            for (AlertType type : AlertType.values()) {
                long n = console.alerts(type);
                if (n > 0) {
                    out.printf("  %-24s %d alert(s)%n", type, n);
                }
            }
            if (console.alerts(AlertType.OPTIMAL_MODEL_CHANGED) == 0) {
                out.println("  no OPTIMAL_MODEL_CHANGED alert yet: try a longer --duration on a busy machine");
            }
            out.println("  " + ProcessFigures.now());
        } finally {
            timeline.shutdownNow();
            // On an early exit, the traffic must not outlive the runtime it posts to.
            if (sender != null) {
                sender.interrupt();
                sender.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        return 0;
    }

    private long at(Step step) {
        return Math.round(duration.toSeconds() * step.fraction());
    }

    private static void publishPrice(KafkaClientSettings kafka) {
        ModelPrice price = ModelPrice.of(Scenario.REPRICED_MODEL, "google", Scenario.REPRICED_INPUT_PER_MTOK,
                Scenario.REPRICED_OUTPUT_PER_MTOK);
        try {
            ControlPublisher.publish(kafka, "price/" + Scenario.REPRICED_MODEL,
                    Json.mapper().writeValueAsBytes(price.toJson()));
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("cannot publish the price change", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event of the scenario, at a fraction of the run. */
    private record Step(double fraction, String what, Runnable action) {
    }

    /**
     * The demo is for watching llmwatch, not Kafka: the embedded broker's and clients' start-up
     * warnings (empty metadata log, topics not yet created, temp state dirs) are expected here.
     */
    private static void quietKafkaLogs() {
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
    }

    /** The demo's llmwatch.yaml, with one provider: the simulated one at {@code baseUrl}, serving every model. */
    static LlmwatchConfig demoConfig(String baseUrl) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
            return LlmwatchConfig.read(in, CONFIG_RESOURCE).withProviders(Map.of(SIM_PROVIDER,
                    ProviderConfig.builder().baseUrl(baseUrl).maxConcurrency(64).timeoutMs(10_000L).models(List.of("*"))
                            .build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
