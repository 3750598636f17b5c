package io.llmwatch.app.bench;

import io.llmwatch.event.LlmCall;
import io.llmwatch.event.CallBuilder;
import io.llmwatch.sdk.LlmWatch;
import io.llmwatch.sdk.SdkMetrics;
import io.llmwatch.stats.DecisionSimulation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.utils.Utils;

/**
 * The caller's side of the Java SDK: how long {@link LlmWatch#record} holds the calling thread, at a
 * steady rate the sender keeps up with, once with the broker up and once with it unreachable (every
 * call goes to the disk spool). Calls are the benchmark's usual ~2 KB calls without {@code call_id},
 * as adapters record them, so the measured time includes generating the id, validation and the
 * hand-over to the sender thread. Each run starts with an unmeasured warm-up of a tenth of its calls.
 * Goal: p99 ≤ 10 µs.
 */
final class SdkBench {

    static final double GOAL_P99_MICROS = 10;
    private static final int RATE_PER_SECOND = 5_000;
    private static final int CALLS_BROKER_UP = 200_000;
    private static final int CALLS_BROKER_DOWN = 50_000;
    private static final long PARK_THRESHOLD_NANOS = 100_000;

    private SdkBench() {
    }

    /**
     * Runs both cases, prints them, and returns their figures.
     *
     * @param bootstrapServers a running broker with the llmwatch topics
     */
    static List<Result> run(PrintStream console, String bootstrapServers, long seed) {
        console.printf("%nJava SDK record(): caller-thread time at %,d calls/s (goal p99 <= %.0f us)%n", RATE_PER_SECOND,
                GOAL_P99_MICROS);
        List<Result> results = new ArrayList<>();
        results.add(measure("broker up", bootstrapServers, CALLS_BROKER_UP, seed));
        results.add(measure("broker down (spooling)", "127.0.0.1:" + closedPort(), CALLS_BROKER_DOWN, seed));
        console.printf("%-24s %10s %9s %9s %9s %10s %11s %10s %9s %9s%n", "case", "calls", "p50 us", "p99 us", "p99.9 us",
                "max us", "sent", "spooled", "dropped", "p99 goal");
        for (Result r : results) {
            console.printf(Locale.ROOT, "%-24s %,10d %9.2f %9.2f %9.2f %10.1f %,11d %,10d %,9d %9s%n", r.name(), r.calls(),
                    r.p50Micros(), r.p99Micros(), r.p999Micros(), r.maxMicros(), r.sent(), r.spooled(), r.dropped(),
                    r.p99Micros() <= GOAL_P99_MICROS ? "met" : "missed");
        }
        return results;
    }

    private static Result measure(String name, String bootstrapServers, int calls, long seed) {
        Path spool = createTempDir();
        BenchCalls generator = new BenchCalls(seed, Instant.now().minus(Duration.ofHours(1)), Duration.ofHours(1).toMillis());
        long[] nanos = new long[calls];
        SdkMetrics metrics;
        try (LlmWatch watch = LlmWatch.builder()
                .bootstrapServers(bootstrapServers)
                .app("bench")
                .spoolDirectory(spool)
                .spoolMaxBytes(2L * 1024 * 1024 * 1024)
                .build()) {
            int warmUp = calls / 10;
            long interval = 1_000_000_000L / RATE_PER_SECOND;
            long next = System.nanoTime();
            for (int i = -warmUp; i < calls; i++) {
                LlmCall call = CallBuilder.from(generator.call(i + warmUp, calls + warmUp)).callId(null).build();
                next += interval;
                long ahead = next - System.nanoTime();
                if (ahead > PARK_THRESHOLD_NANOS) {
                    LockSupport.parkNanos(ahead);
                }
                long begin = System.nanoTime();
                watch.record(call);
                long took = System.nanoTime() - begin;
                if (i >= 0) {
                    nanos[i] = took;
                }
            }
            if (name.startsWith("broker up")) {
                watch.flush(Duration.ofMinutes(2));
            }
            metrics = watch.metrics();
            watch.close(Duration.ZERO);
        } finally {
            deleteRecursively(spool);
        }
        Arrays.sort(nanos);
        return new Result(name, calls, micros(nanos, 0.50), micros(nanos, 0.99), micros(nanos, 0.999),
                nanos[calls - 1] / 1e3, metrics.sent(), metrics.spooled(), metrics.dropped());
    }

    private static double micros(long[] sorted, double quantile) {
        return DecisionSimulation.quantile(sorted, quantile) / 1e3;
    }

    /** A port nothing listens on: the SDK's broker is unreachable, as in an outage. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("llmwatch-sdk-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Caller-thread time of {@code record()} in one case, and what became of the calls. */
    record Result(String name, long calls, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                  long sent, long spooled, long dropped) {
    }
}
