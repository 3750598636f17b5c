package io.llmwatch.app.bench;

import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
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
 * rebalance): {@link Counter} keeps the last value it saw of each, so the count never goes back.
 */
final class SteadyRate {

    /** The share of the round's calls after which the steady part begins, and where it ends ({@code 1 - EDGE}). */
    static final double EDGE = 0.10;
    /** How often the sampler reads the count: ~40 points in a 3 s baseline round's middle 2.4 s. */
    static final Duration PERIOD = Duration.ofMillis(25);

    private SteadyRate() {
    }

    /** A reading of the processed count at a monotonic time. */
    record Sample(long nanos, long processed) {
    }

    /**
     * Calls per second between the moments the count crossed {@link #EDGE} and {@code 1 - EDGE} of
     * {@code calls}, each moment interpolated linearly between the two samples around it (so a series
     * that is linear between them gives its slope exactly, whatever the sampling period); null when
     * the samples do not bracket both crossings (no sample at or below the lower one, or none at or
     * above the upper one), or when they are at the same moment.
     */
    static Double callsPerSecond(List<Sample> samples, long calls) {
        double lower = EDGE * calls;
        double upper = (1 - EDGE) * calls;
        if (samples.isEmpty() || samples.get(0).processed() > lower) {
            return null;
        }
        Double from = crossing(samples, lower);
        Double to = crossing(samples, upper);
        if (from == null || to == null || to <= from) {
            return null;
        }
        return (upper - lower) / ((to - from) / 1e9);
    }

    /** The moment, in nanos, the count first reached {@code level}, interpolated; null if it never did. */
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
     * Read by one thread at a time (the sampler's).
     */
    static final class Counter {

        private final Map<KafkaStreams, Map<MetricName, Long>> lastSeen = new IdentityHashMap<>();

        long processedCalls(List<KafkaStreams> instances) {
            long sum = 0;
            for (KafkaStreams streams : instances) {
                Map<MetricName, Long> seen = lastSeen.computeIfAbsent(streams, s -> new HashMap<>());
                for (Metric metric : streams.metrics().values()) {
                    MetricName name = metric.metricName();
                    if (name.name().equals("records-consumed-total") && name.group().equals("stream-topic-metrics")
                            && Topics.CALLS.name().equals(name.tags().get("topic"))
                            && metric.metricValue() instanceof Number value) {
                        seen.put(name, value.longValue());
                    }
                }
                sum += seen.values().stream().mapToLong(Long::longValue).sum();
            }
            return sum;
        }
    }

    /**
     * Reads a round's processed count every {@link #PERIOD} on a thread of its own, from before the
     * instances start (so the first samples are 0 and the lower crossing is always bracketed) until
     * {@link #stop}. Its thread's name does not contain the application id, so its CPU is not
     * counted as the topology's ("its threads"); the process's CPU per call includes it, the same
     * few ms per second in both rounds.
     */
    static final class Sampler {

        private final Supplier<OptionalLong> processedCalls;
        private final List<Sample> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean stopped;
        private volatile boolean measurable = true;

        private Sampler(Supplier<OptionalLong> processedCalls) {
            this.processedCalls = processedCalls;
            this.thread = new Thread(this::run, "llmwatch-bench-steady-rate");
            thread.setDaemon(true);
        }

        /** Starts sampling {@code processedCalls}; an empty reading means not measurable here, and ends the sampling. */
        static Sampler start(Supplier<OptionalLong> processedCalls) {
            Sampler sampler = new Sampler(processedCalls);
            sampler.thread.start();
            return sampler;
        }

        private void run() {
            try {
                while (!stopped) {
                    OptionalLong processed = processedCalls.get();
                    if (processed.isEmpty()) {
                        measurable = false;
                        return;
                    }
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), processed.getAsLong()));
                    }
                    Thread.sleep(PERIOD.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops sampling (at once: the round's time is taken before, so a sample in progress does not count in it). */
        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join();
        }

        /**
         * The round's steady rate ({@link SteadyRate#callsPerSecond}) once {@link #stop}ped, null if the
         * count cannot be read here (instances in other JVMs) or did not bracket both crossings.
         */
        Double callsPerSecond(long calls) {
            if (!measurable) {
                return null;
            }
            synchronized (samples) {
                return SteadyRate.callsPerSecond(List.copyOf(samples), calls);
            }
        }
    }
}
