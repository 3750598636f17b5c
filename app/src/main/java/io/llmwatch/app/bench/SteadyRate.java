package io.llmwatch.app.bench;

import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The steady-state rate of a throughput round: input calls processed per second between the
 * moments 10 % and 90 % of the round's calls had been processed. A round's wall-clock time also
 * holds a fixed tail (the last commit interval, then the later sub-topologies' commit after the last
 * input), 1–2 s that weigh more on the baseline's 3 s round than on the scorer's 6 s one; the middle
 * of the round has neither that tail nor the start-up.
 *
 * <p><b>Source of truth.</b> Kafka Streams' own topic-level metric {@code records-consumed-total}
 * (group {@code stream-topic-metrics}, tags thread-id, task-id, processor-node-id, topic; KIP-846),
 * which Kafka Streams 4.1.1 records at recording level INFO, the production level, for every
 * topology alike. Despite its name it counts a record when the task <em>takes it up for
 * processing</em> ({@code RecordQueue.poll}, just before the source node processes it), not when the
 * consumer fetches it: so it is the processed count, with no consumer buffer in between, and with
 * nothing added to either topology. Other candidates, rejected: the consumer's
 * {@code records-consumed-total} per topic counts fetches, which run ahead of processing by up to
 * the buffered records; the thread-level {@code process-total} counts repartition records too (the
 * baseline repartitions every call, the scorer combines before its repartitions, so it is no shared
 * unit); task- and node-level {@code process-total} are DEBUG; the group's committed offsets step
 * once per commit interval (1 s), a handful of points in a 3 s round.
 *
 * <p>A task's sensors are removed when the task closes (e.g. it moves to another instance in a
 * rebalance), and start from 0 if it comes back: {@link Counter} keeps what each had counted, so the
 * count never goes back.
 */
final class SteadyRate {

    /** The share of the round's calls after which the steady part begins, and where it ends ({@code 1 - EDGE}). */
    static final double EDGE = 0.10;
    /** How often the sampler reads the count: 50-100 points in the middle 80 % (1.3-2.4 s) of a warm baseline round. */
    static final Duration PERIOD = Duration.ofMillis(25);

    private SteadyRate() {
    }

    /** A reading of the processed count at a monotonic time. */
    record Sample(long nanos, long processed) {
    }

    /**
     * Calls per second between the moments the round had processed {@link #EDGE} and {@code 1 - EDGE}
     * of its calls, each moment interpolated linearly between the two samples around it (so a series
     * that is linear between them gives its slope exactly, whatever the sampling period).
     *
     * <p>The round's calls are those left at its beginning ({@code beginNanos}, when all its instances
     * run, as its wall-clock time counts): with several instances, the first processes calls while the
     * others join, then stops for the rebalance, and that start-up is no more the steady part than the
     * commit tail is. The count at the beginning is interpolated between the samples around it.
     *
     * @return null when the samples do not bracket the beginning and both crossings
     */
    static Double callsPerSecond(List<Sample> samples, long calls, long beginNanos) {
        Double atBegin = countAt(samples, beginNanos);
        if (atBegin == null) {
            return null;
        }
        double left = calls - atBegin;
        if (left <= 0) {
            return null;
        }
        Double from = crossing(samples, atBegin + EDGE * left);
        Double to = crossing(samples, atBegin + (1 - EDGE) * left);
        if (from == null || to == null || to <= from) {
            return null;
        }
        return (1 - 2 * EDGE) * left / ((to - from) / 1e9);
    }

    /** The count at {@code nanos}, interpolated; null if no sample is at or before it, or none at or after. */
    private static Double countAt(List<Sample> samples, long nanos) {
        for (int i = 0; i < samples.size(); i++) {
            Sample after = samples.get(i);
            if (after.nanos() >= nanos) {
                if (after.nanos() == nanos) {
                    return (double) after.processed();
                }
                if (i == 0) {
                    return null;
                }
                Sample before = samples.get(i - 1);
                double share = (nanos - before.nanos()) / (double) (after.nanos() - before.nanos());
                return before.processed() + share * (after.processed() - before.processed());
            }
        }
        return null;
    }

    /** The moment, in nanos, the count first reached {@code level}, interpolated; null if it never did between two samples. */
    private static Double crossing(List<Sample> samples, double level) {
        for (int i = 1; i < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample after = samples.get(i);
            if (before.processed() < level && after.processed() >= level) {
                double share = (level - before.processed()) / (after.processed() - before.processed());
                return before.nanos() + share * (after.nanos() - before.nanos());
            }
        }
        return null;
    }

    /**
     * The processed input calls of some Kafka Streams instances of this JVM, summed over them and
     * their tasks; monotonic across tasks that close, since it keeps each sensor's last value.
     *
     * <p>{@link KafkaStreams#metrics()} copies every metric of the instance and its clients (~0.4 ms
     * of CPU per read, 2-3 % of a core at the sampler's pace), so the matching metrics are looked up
     * only when the set of tasks may have changed: while an instance is not RUNNING (a start or a
     * rebalance creates and closes tasks), on the first read after, and every {@link #RESCAN}-th
     * read in case; between, only their values are read. Read by one thread at a time (the sampler's).
     */
    static final class Counter {

        /** Reads between two look-ups of the matching metrics while every instance runs. */
        static final int RESCAN = 20;

        private final Map<KafkaStreams, Map<MetricName, Metric>> tracked = new IdentityHashMap<>();
        /** Per sensor, what it had counted before it was last recreated, and its last value. */
        private final Map<MetricName, long[]> counted = new HashMap<>();
        private boolean allRanBefore;
        private long reads;

        long processedCalls(List<KafkaStreams> instances) {
            boolean allRun = instances.stream().allMatch(streams -> streams.state() == KafkaStreams.State.RUNNING);
            boolean rescan = !allRun || !allRanBefore || reads++ % RESCAN == 0;
            allRanBefore = allRun;
            for (KafkaStreams streams : instances) {
                Map<MetricName, Metric> metrics = tracked.computeIfAbsent(streams, s -> new HashMap<>());
                if (rescan) {
                    metrics.clear();
                    streams.metrics().forEach((name, metric) -> {
                        if (name.name().equals("records-consumed-total") && name.group().equals("stream-topic-metrics")
                                && Topics.CALLS.name().equals(name.tags().get("topic"))) {
                            metrics.put(name, metric);
                        }
                    });
                }
                metrics.forEach((name, metric) -> {
                    if (metric.metricValue() instanceof Number value) {
                        long[] earlierAndLast = counted.computeIfAbsent(name, n -> new long[2]);
                        if (value.longValue() < earlierAndLast[1]) {
                            // the task closed and came back to the same thread: a new sensor, from 0
                            earlierAndLast[0] += earlierAndLast[1];
                        }
                        earlierAndLast[1] = value.longValue();
                    }
                });
            }
            return counted.values().stream().mapToLong(earlierAndLast -> earlierAndLast[0] + earlierAndLast[1]).sum();
        }
    }

    /**
     * Reads a round's processed count every {@link #PERIOD} on a thread of its own, from before the
     * instances start (so that a sample precedes the round's {@link #begin}) until {@link #stop}. Its thread's name does not contain the application id, so its CPU is not
     * counted as the topology's ("its threads"); the process's CPU per call includes it, the same
     * few ms per second in both rounds.
     */
    static final class Sampler {

        private final LongSupplier processedCalls;
        private final List<Sample> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean stopped;
        private long beginNanos;

        private Sampler(LongSupplier processedCalls) {
            this.processedCalls = processedCalls;
            this.thread = new Thread(this::run, "llmwatch-bench-steady-rate");
            thread.setDaemon(true);
        }

        /** Starts sampling {@code processedCalls}. */
        static Sampler start(LongSupplier processedCalls) {
            Sampler sampler = new Sampler(processedCalls);
            sampler.thread.start();
            return sampler;
        }

        private void run() {
            try {
                while (!stopped) {
                    long processed = processedCalls.getAsLong();
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), processed));
                    }
                    Thread.sleep(PERIOD.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Marks the round's beginning: all its instances run, as its wall-clock time starts. */
        void begin() {
            beginNanos = System.nanoTime();
        }

        /** Stops sampling (at once: the round's time is taken before, so a sample in progress does not count in it). */
        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join();
        }

        /**
         * The round's steady rate ({@link SteadyRate#callsPerSecond}) once {@link #stop}ped, null if the
         * samples do not bracket the beginning and both crossings.
         */
        Double callsPerSecond(long calls) {
            synchronized (samples) {
                return SteadyRate.callsPerSecond(List.copyOf(samples), calls, beginNanos);
            }
        }
    }
}
