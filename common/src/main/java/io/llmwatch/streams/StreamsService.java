package io.llmwatch.streams;

import io.llmwatch.health.Health;
import io.llmwatch.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology: starts {@link KafkaStreams}, replaces a stream thread that dies of an
 * unexpected error instead of stopping the application, and closes cleanly. Its {@link #check()}
 * tells the probes whether it is dead, crash-looping or rebalancing, and how far behind it is.
 */
public final class StreamsService implements AutoCloseable, HealthCheck {

    /** This many thread failures within {@link #CRASH_LOOP_WINDOW} mean a record kills every thread that takes it. */
    static final int CRASH_LOOP_FAILURES = 3;
    static final Duration CRASH_LOOP_WINDOW = Duration.ofMinutes(5);
    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_SHUTDOWN);

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final Deque<Instant> failures = new ArrayDeque<>();
    private final Clock clock;
    private volatile String lastFailure;
    private volatile boolean closed;

    public StreamsService(String name, Topology topology, Properties props) {
        this(name, topology, props, Clock.systemUTC());
    }

    StreamsService(String name, Topology topology, Properties props, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: stream thread failed, replacing it", name, e);
            recordFailure(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> {
            LOG.debug("{}: {} -> {}", name, previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    public StreamsService start() {
        streams.start();
        return this;
    }

    /** Waits until the topology has its tasks assigned and is processing; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Live unless Streams stopped or its threads keep dying (each replaced thread takes the same
     * record again, so offsets freeze while the state still says RUNNING); ready when RUNNING.
     * The details carry the state, the recent thread failures and the largest consumer lag.
     */
    @Override
    public Health check() {
        KafkaStreams.State state = streams.state();
        int recent = recentFailures();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        details.put("thread_failures_5m", recent);
        details.put("records_lag_max", maxLag());
        if (lastFailure != null) {
            details.put("last_failure", lastFailure);
        }
        boolean live = !DEAD.contains(state) && recent < CRASH_LOOP_FAILURES;
        return new Health(live, live && state == KafkaStreams.State.RUNNING, details);
    }

    private synchronized void recordFailure(Throwable e) {
        failures.addLast(clock.instant());
        // Streams wraps the cause in "Exception caught in process"; the cause is what an operator needs.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastFailure = root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private synchronized int recentFailures() {
        Instant since = clock.instant().minus(CRASH_LOOP_WINDOW);
        while (!failures.isEmpty() && failures.peekFirst().isBefore(since)) {
            failures.removeFirst();
        }
        return failures.size();
    }

    /** The largest {@code records-lag-max} of the main consumers: how many records the slowest partition is behind. */
    private double maxLag() {
        double max = 0;
        for (Metric metric : streams.metrics().values()) {
            if (metric.metricName().name().equals("records-lag-max")
                    && !metric.metricName().tags().getOrDefault("client-id", "").endsWith("restore-consumer")
                    && metric.metricValue() instanceof Double lag && !lag.isNaN()) {
                max = Math.max(max, lag);
            }
        }
        return max;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("{}: did not shut down within 30 s", name);
        }
    }
}
