package io.llmwatch.scorer.replay;

import io.llmwatch.concurrent.DaemonThreads;
import io.llmwatch.scorer.provider.RetryPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ReplayWorker} running. A worker stops on its own when the broker refuses its results
 * for good (it commits nothing it did not publish, so its requests are replayed by the next one);
 * the supervisor then starts a new worker, with new Kafka clients, after a back-off drawn by the
 * restart {@link RetryPolicy} (full jitter, growing per consecutive failure). A worker that ran for
 * {@link #HEALTHY_AFTER} before failing resets the count. After {@code maxAttempts} consecutive
 * failures the supervisor gives up and reports {@link State#FAILED}, for the health endpoint to
 * report the process unready.
 *
 * <p>Its state is exposed by {@link #health()} and as the metrics {@code llmwatch.replay.worker.state}
 * (0 running, 1 restarting, 2 failed, 3 stopped), {@code llmwatch.replay.worker.restarts} and
 * {@code llmwatch.replay.inflight} (requests of the current worker). Thread-safe.
 */
public final class ReplaySupervisor implements AutoCloseable {

    /** Restarts from 1 s up to 1 min apart; gives up after 30 consecutive failures (about 20 minutes). */
    public static final RetryPolicy DEFAULT_RESTARTS =
            new RetryPolicy(30, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO);
    /** A worker that ran this long before failing was healthy: the next failure starts the back-off over. */
    static final Duration HEALTHY_AFTER = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySupervisor.class);

    /** What the supervised worker is doing. */
    public enum State {
        /** A worker is consuming requests. */
        RUNNING,
        /** The last worker stopped on its own; a new one starts after the back-off. */
        RESTARTING,
        /** Consecutive failures reached the limit: no worker runs until the process restarts. */
        FAILED,
        /** Closed. */
        STOPPED
    }

    /**
     * The supervisor's state, for health checks.
     *
     * @param restarts    workers started after a failure, since start
     * @param lastFailure why the last worker stopped (the exception's class and message), null if none did
     * @param since       when the state was entered
     */
    public record Health(State state, int restarts, String lastFailure, Instant since) {

        public boolean running() {
            return state == State.RUNNING;
        }
    }

    private final Supplier<ReplayWorker> workers;
    private final RetryPolicy restarts;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private ReplayWorker current;
    private long startedNanos;
    private int consecutiveFailures;
    private Health health;
    private boolean closed;

    /**
     * @param workers  makes a new, unstarted worker (with its own Kafka clients) each time
     * @param restarts back-off between restarts and how many consecutive failures are tolerated
     */
    public ReplaySupervisor(Supplier<ReplayWorker> workers, RetryPolicy restarts, MeterRegistry meters, Clock clock) {
        this.workers = workers;
        this.restarts = restarts;
        this.clock = clock;
        this.health = new Health(State.STOPPED, 0, null, clock.instant());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("llmwatch-replay-supervisor"));
        Gauge.builder("llmwatch.replay.worker.state", this, s -> s.health().state().ordinal())
                .description("replay worker: 0 running, 1 restarting, 2 failed, 3 stopped").register(meters);
        FunctionCounter.builder("llmwatch.replay.worker.restarts", this, s -> s.health().restarts())
                .description("replay workers started again after a failure").register(meters);
        Gauge.builder("llmwatch.replay.inflight", this, ReplaySupervisor::inFlight)
                .description("replay requests being worked on").register(meters);
    }

    /** Starts the first worker. */
    public synchronized ReplaySupervisor start() {
        if (!closed && current == null && health.state() == State.STOPPED) {
            launch(0);
        }
        return this;
    }

    /** The supervised worker's state now. */
    public synchronized Health health() {
        return health;
    }

    /** Requests the current worker is working on. */
    public synchronized int inFlight() {
        return current == null ? 0 : current.inFlight();
    }

    private synchronized void launch(int restartsSoFar) {
        if (closed) {
            return;
        }
        try {
            ReplayWorker worker = workers.get();
            worker.onFailure(this::failed);
            current = worker;
            startedNanos = System.nanoTime();
            health = new Health(State.RUNNING, restartsSoFar, health.lastFailure(), clock.instant());
            worker.start();
        } catch (RuntimeException e) {
            current = null;
            failedToRun(e);
        }
    }

    /** Called on the failed worker's thread as it stops. */
    private synchronized void failed(ReplayWorker worker, Throwable error) {
        if (worker != current || closed) {
            return;
        }
        current = null;
        if (System.nanoTime() - startedNanos >= HEALTHY_AFTER.toNanos()) {
            consecutiveFailures = 0;
        }
        failedToRun(error);
    }

    private void failedToRun(Throwable error) {
        consecutiveFailures++;
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (consecutiveFailures >= restarts.maxAttempts()) {
            health = new Health(State.FAILED, health.restarts(), reason, clock.instant());
            LOG.error("replay worker failed {} times in a row; giving up: no replays until llmwatch restarts",
                    consecutiveFailures);
            return;
        }
        Duration wait = restarts.backoff(consecutiveFailures, ThreadLocalRandom.current().nextDouble());
        health = new Health(State.RESTARTING, health.restarts(), reason, clock.instant());
        LOG.warn("replay worker stopped ({}); restarting in {} ms (failure {} in a row)", reason, wait.toMillis(),
                consecutiveFailures);
        int next = health.restarts() + 1;
        scheduler.schedule(() -> launch(next), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the current worker (see {@link ReplayWorker#close()}) and restarts no more. */
    @Override
    public void close() {
        ReplayWorker worker;
        synchronized (this) {
            worker = current;
            current = null;
            closed = true;
            health = new Health(State.STOPPED, health.restarts(), health.lastFailure(), clock.instant());
        }
        scheduler.shutdownNow();
        if (worker != null) {
            worker.close();
        }
    }
}
