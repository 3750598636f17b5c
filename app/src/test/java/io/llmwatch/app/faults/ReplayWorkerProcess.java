package io.llmwatch.app.faults;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.replay.ReplayService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * The replay worker alone in a JVM, as {@code llmwatch run scorer --instance-id replay-worker-1}
 * runs it ({@link ReplayService}, static membership, so a restarted worker takes its partitions back
 * at once), for the fault suite: {@code bootstrapServers llmwatch.yaml}; prints {@value #READY}.
 */
public final class ReplayWorkerProcess {

    static final String READY = "fault-suite-replay-worker-ready";

    private ReplayWorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        LlmwatchConfig config = LlmwatchConfig.load(Path.of(args[1]));
        ReplayService service = new ReplayService(KafkaClientSettings.of(args[0]), config, PriceCatalog.from(config.prices()),
                new SimpleMeterRegistry(), new GroupMember("replay-worker-1")).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "replay-worker-shutdown"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
