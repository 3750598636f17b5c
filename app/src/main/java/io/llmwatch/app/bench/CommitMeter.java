package io.llmwatch.app.bench;

import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Commits of a Kafka Streams application over a measured period, from its stream threads' metrics:
 * under exactly-once each is a transaction, which gates what read_committed readers see and costs
 * the stream thread a flush and a round trip.
 */
final class CommitMeter {

    private final KafkaStreams streams;
    private final double startCount;
    private final long startNanos;

    CommitMeter(KafkaStreams streams) {
        this.streams = streams;
        this.startCount = sum("commit-total");
        this.startNanos = System.nanoTime();
    }

    /** Commits per second since this meter was made, and the threads' recent mean commit time. */
    Rate since() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Rate((sum("commit-total") - startCount) / seconds, mean("commit-latency-avg"));
    }

    record Rate(double perSecond, double avgMs) {
    }

    private double sum(String name) {
        double sum = 0;
        for (Metric metric : streams.metrics().values()) {
            if (isThreadMetric(metric, name) && metric.metricValue() instanceof Double value && !value.isNaN()) {
                sum += value;
            }
        }
        return sum;
    }

    private double mean(String name) {
        double sum = 0;
        int n = 0;
        for (Metric metric : streams.metrics().values()) {
            if (isThreadMetric(metric, name) && metric.metricValue() instanceof Double value && !value.isNaN()) {
                sum += value;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static boolean isThreadMetric(Metric metric, String name) {
        return metric.metricName().name().equals(name) && metric.metricName().group().equals("stream-thread-metrics");
    }
}
