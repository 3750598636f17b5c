package io.llmwatch.app.demo;

import ch.qos.logback.classic.Level;
import io.llmwatch.app.run.Component;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.app.run.DurationConverter;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.app.run.ServerPorts;
import io.llmwatch.config.LlmwatchConfig;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmwatch demo}: the whole loop — capture, score, aggregate, recommend, alert — on a real
 * Kafka broker inside this process, fed by simulated traffic over HTTP, visible in about a minute.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs an embedded Kafka broker, every llmwatch component and a traffic simulator",
                "(2 apps x 3 task types x 4 models). Midway a provider update makes a cheaper model as good",
                "as the incumbent on one task; watch the recommendation change and the alert arrive."})
public final class DemoCommand implements Callable<Integer> {

    static final String CONFIG_RESOURCE = "/io/llmwatch/app/demo/llmwatch-demo.yaml";

    @Option(names = "--duration", defaultValue = "90s", converter = DurationConverter.class,
            description = "how long traffic runs (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "150", description = "simulated calls per second (default: ${DEFAULT-VALUE})")
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
        LlmwatchConfig config = demoConfig();
        Path stateDir = Files.createTempDirectory("llmwatch-demo-");
        out.println("llmwatch demo: starting Kafka (embedded, KRaft), collector, scorer, drift-detector and query API ...");
        Instant started = Instant.now();
        // The demo's collector is protected like any other; its own simulator is the only one given the key.
        String key = ApiKeys.generate();
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(
                EnumSet.allOf(Component.class), null, ports.kafka, ports.collector, ports.query, stateDir, config,
                PriceCatalog.defaults(), 2, ApiKeys.of(List.of(key))))) {
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                out.println("Streams components did not start within 2 minutes; giving up.");
                return 1;
            }
            out.printf(Locale.ROOT, "Ready in %.1f s. Kafka %s · collector http://127.0.0.1:%d/v1/events · query API http://127.0.0.1:%d/api/leaderboard%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, runtime.bootstrapServers(),
                    runtime.collectorPort(), runtime.queryPort());
            return play(runtime, key);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private int play(LlmwatchRuntime runtime, String key) throws InterruptedException {
        TrafficSimulator simulator = new TrafficSimulator(Scenario.tasks(), "http://127.0.0.1:" + runtime.collectorPort(),
                key, rate, seed);
        Instant begin = Instant.now();
        Instant update = begin.plus(duration.multipliedBy(3).dividedBy(10));
        Instant end = begin.plus(duration);
        out.printf(Locale.ROOT, "Sending %.0f calls/s for %d s; at +%d s a provider update makes gpt-4.1-mini as good as gpt-4.1 on support/summarize-ticket.%n%n",
                rate, duration.toSeconds(), Duration.between(begin, update).toSeconds());
        try (DemoConsole console = new DemoConsole(runtime.bootstrapServers(), out)) {
            console.start();
            Thread traffic = new Thread(() -> {
                try {
                    simulator.run(update, end);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "llmwatch-demo-traffic");
            traffic.start();
            traffic.join(tableEvery.toMillis());
            while (traffic.isAlive()) {
                console.printTable(String.format("[+%ds] %,d calls and %,d evaluations sent",
                        Duration.between(begin, Instant.now()).toSeconds(), simulator.callsSent.get(),
                        simulator.evaluationsSent.get()));
                traffic.join(tableEvery.toMillis());
            }
            out.println();
            console.printTable("Final recommendations");
            out.println();
            out.println("Summary");
            out.printf("  calls sent %,d · evaluations sent %,d · batches rejected %d · HTTP failures %d%n",
                    simulator.callsSent.get(), simulator.evaluationsSent.get(), simulator.rejected.get(),
                    simulator.httpFailures.get());
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
        }
        return 0;
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

    static LlmwatchConfig demoConfig() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
            return LlmwatchConfig.read(in, CONFIG_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
