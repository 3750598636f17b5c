package io.llmwatch.sdk;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs in a separate JVM for {@link LlmWatchKafkaTest}: records calls while Kafka is unreachable,
 * prints {@value #SPOOLED} once all of them are in the spool, and waits to be killed — a real crash,
 * with no {@code close()}.
 */
public final class SpoolCrashChild {

    static final String SPOOLED = "SPOOLED";

    private SpoolCrashChild() {
    }

    /** Arguments: unreachable bootstrap servers, spool directory, app, number of calls. */
    public static void main(String[] args) throws InterruptedException {
        LlmWatch watch = LlmWatch.builder()
                .bootstrapServers(args[0])
                .spoolDirectory(Path.of(args[1]))
                .build();
        int calls = Integer.parseInt(args[3]);
        for (int i = 0; i < calls; i++) {
            watch.record(TestCalls.call(args[2] + "-" + i, args[2]));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (watch.metrics().spooled() < calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println(watch.metrics().spooled() == calls ? SPOOLED : "NOT SPOOLED: " + watch.metrics());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
