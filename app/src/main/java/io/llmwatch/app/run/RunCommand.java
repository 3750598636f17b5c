package io.llmwatch.app.run;

import io.llmwatch.app.kafka.KafkaOptions;
import io.llmwatch.app.kafka.ConfigFiles;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.config.GroupMember;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.price.PriceCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmwatch run [collector|scorer|drift-detector|query|all]}: runs components until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs llmwatch components until Ctrl-C / SIGTERM.",
                "Without --bootstrap-servers a real Kafka broker is started inside this process on --kafka-port;",
                "its data lives in --kafka-dir and survives restarts."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Parameters(index = "0", defaultValue = "all", paramLabel = "COMPONENT",
            description = "collector, scorer, drift-detector, query or all (default: ${DEFAULT-VALUE})")
    String component;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ServerPorts ports;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of each topic llmwatch creates where missing (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--config", paramLabel = "FILE", description = "llmwatch.yaml (default: ./llmwatch.yaml when present)")
    Path config;

    @Option(names = "--no-auth", description = {"let the collector accept requests without an API key (local experiments only;",
            "default: keys from collector.api_keys / LLMWATCH_API_KEYS, else one generated and printed at start)"})
    boolean noAuth;

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", defaultValue = "llmwatch-data/state", description = "Kafka Streams state (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--kafka-dir", defaultValue = "llmwatch-data/kafka",
            description = "log directory of the embedded broker, kept across restarts (default: ${DEFAULT-VALUE})")
    Path kafkaDir;

    @Option(names = "--instance-id", paramLabel = "ID", defaultValue = "${env:LLMWATCH_INSTANCE_ID}",
            description = {"static group membership: this process's id, unique and stable across its restarts (e.g. a",
                    "StatefulSet pod name), so a restarted instance takes its partitions back at once instead of",
                    "after the 45 s session timeout (default: $LLMWATCH_INSTANCE_ID, else dynamic membership)"})
    String instanceId;

    @Option(names = "--scorer-threads", paramLabel = "N",
            description = {"the scorer's stream threads (Kafka Streams num.stream.threads): one per core it may use; threads beyond",
                    "the partitions of llmwatch.calls idle (default: num.stream.threads from the client properties, else 1)"})
    Integer scorerThreads;

    @Override
    public Integer call() throws Exception {
        LlmwatchConfig cfg = ConfigFiles.load(config);
        Set<Component> components = Component.parse(component);
        ApiKeys keys = components.contains(Component.COLLECTOR)
                ? CollectorKeys.resolve(cfg, System::getenv, noAuth, spec.commandLine().getOut())
                : ApiKeys.disabled();
        LlmwatchRuntime.Options options = new LlmwatchRuntime.Options(components, kafka.settings(cfg, null),
                ports.kafka, ports.collector, ports.query, stateDir, cfg, PriceCatalog.from(cfg.prices()), partitions, keys,
                kafkaDir, ports.bind).withManagementPort(ports.management).withMember(new GroupMember(instanceId))
                .withScorerThreads(scorerThreads);
        CountDownLatch stopped = new CountDownLatch(1);
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "llmwatch-shutdown"));
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                LOG.warn("Streams components are not running yet; they keep trying");
            }
            LOG.info("llmwatch {} running against {}", component, runtime.kafka());
            stopped.await();
        }
        return 0;
    }
}
