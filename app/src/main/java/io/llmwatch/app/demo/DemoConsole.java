package io.llmwatch.app.demo;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Interval;
import io.llmwatch.text.Texts;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo shows a person: a plain Kafka consumer of {@code llmwatch.comparisons},
 * {@code llmwatch.recommendations} and {@code llmwatch.alerts} — exactly what any service can
 * subscribe to — printing each alert as it arrives and, on request, the paired comparisons and the
 * recommendations as they stand.
 */
final class DemoConsole implements AutoCloseable {

    private final PrintWriter out;
    private final Map<String, Comparison> comparisons = new TreeMap<>();
    private final Map<String, Recommendation> recommendations = new TreeMap<>();
    private final List<DriftAlert> alerts = new CopyOnWriteArrayList<>();
    private final TopicTail tail;

    DemoConsole(KafkaClientSettings kafka, PrintWriter out) {
        this.out = out;
        this.tail = new TopicTail(kafka, "llmwatch-demo-console",
                List.of(Topics.COMPARISONS, Topics.RECOMMENDATIONS, Topics.ALERTS), this::apply);
    }

    void start() {
        tail.start();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(Topics.ALERTS.name())) {
            DriftAlert alert = TopicTail.value(Topics.ALERTS, record);
            alerts.add(alert);
            print(alert);
        } else if (record.topic().equals(Topics.COMPARISONS.name())) {
            Comparison c = TopicTail.value(Topics.COMPARISONS, record);
            synchronized (comparisons) {
                comparisons.put(record.key(), c);
            }
        } else {
            Recommendation r = TopicTail.value(Topics.RECOMMENDATIONS, record);
            synchronized (recommendations) {
                recommendations.put(record.key(), r);
            }
        }
    }

    private void print(DriftAlert alert) {
        Evidence e = alert.evidence();
        synchronized (out) {
            out.println();
            out.printf("  >>> ALERT %s %s [%s] %s/%s%n", alert.type(), alert.status() == AlertStatus.RESOLVED ? "resolved" : "firing",
                    alert.severity().json(), alert.app(), alert.taskType());
            out.printf("      %s%n", alert.summary());
            if (alert.type() == AlertType.OPTIMAL_MODEL_CHANGED && e != null && e.fromModel() != null) {
                Double savings = e.projectedMonthlySavings();
                boolean saves = savings == null || savings >= 0;
                out.printf(Locale.ROOT, "      from %s to %s · cost per call %s → %s · projected %s %s/month · basis %s%n",
                        e.fromModel(), e.toModel(), usd(e.costPerCallBefore(), 5), usd(e.costPerCallAfter(), 5),
                        saves ? "saving" : "extra cost", usd(savings == null ? null : Math.abs(savings), 2),
                        e.details().getOrDefault("basis", "-"));
            }
            out.println();
        }
    }

    /** Prints every paired comparison and the current recommendation of every task. */
    void printTables(String header) {
        List<Comparison> rows;
        synchronized (comparisons) {
            rows = List.copyOf(comparisons.values());
        }
        List<Recommendation> recs;
        synchronized (recommendations) {
            recs = List.copyOf(recommendations.values());
        }
        synchronized (out) {
            out.println(header);
            // n, the intervals and the verdict are those of the evidence in force: since the last restart
            out.printf("  %-28s %-38s %7s %17s %17s %5s %-13s %-12s %3s %-20s %10s %10s%n", "app/task",
                    "candidate vs incumbent", "Δ", "95% CI", "CS (in force)", "n", "verdict", "state", "rst",
                    "to decide", "$/call c", "$/call i");
            for (Comparison c : rows) {
                out.printf(Locale.ROOT, "  %-28s %-38s %7s %17s %17s %5d %-13s %-12s %3d %-20s %10s %10s%n",
                        c.app() + "/" + c.taskType(), c.candidate() + " vs " + c.incumbent(), signed(c.meanDelta()),
                        interval(c.bootstrap()), interval(c.confidenceSequence()), c.n(),
                        c.verdict() == null ? "-" : c.verdict().json(), c.state() == null ? "-" : c.state().json(),
                        c.restarts(), toDecide(c), usd(c.candidateCostPerCall(), 5), usd(c.incumbentCostPerCall(), 5));
            }
            if (rows.isEmpty()) {
                out.println("  (no comparison yet: the first replays are on their way)");
            }
            out.printf("  %-28s %-22s %-22s %14s%n", "recommendations", "recommended", "basis", "saving/month");
            for (Recommendation r : recs) {
                out.printf("  %-28s %-22s %-22s %14s%n", r.app() + "/" + r.taskType(), r.recommendedModel(),
                        r.basis() == null ? "-" : r.basis(), usd(r.projectedMonthlySavings(), 2));
            }
        }
    }

    /** "≈ 340 pairs, $0.41" while undecided, else "-". */
    private static String toDecide(Comparison c) {
        if (c.morePairsNeeded() == null) {
            return "-";
        }
        return "≈ " + Texts.count(c.morePairsNeeded()) + " pairs"
                + (c.costOfMorePairsUsd() == null ? "" : ", " + Texts.usd(c.costOfMorePairsUsd()));
    }

    /** Comparisons with at least one paired delta. */
    long comparisonsWithPairs() {
        synchronized (comparisons) {
            return comparisons.values().stream().filter(c -> c.n() > 0).count();
        }
    }

    /** Paired deltas over all comparisons. */
    long pairs() {
        synchronized (comparisons) {
            return comparisons.values().stream().mapToLong(Comparison::n).sum();
        }
    }

    /** Candidate replays over all comparisons, failures included. */
    long replays() {
        synchronized (comparisons) {
            return comparisons.values().stream().mapToLong(Comparison::replays).sum();
        }
    }

    /** Firing alerts of {@code type} received so far. */
    long alerts(AlertType type) {
        return alerts.stream().filter(a -> a.type() == type && a.status() != AlertStatus.RESOLVED).count();
    }

    static String usd(Double amount, int decimals) {
        return amount == null ? "-" : String.format(Locale.ROOT, "$%,." + decimals + "f", amount);
    }

    private static String signed(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%+.3f", value);
    }

    private static String interval(Interval interval) {
        return interval == null ? "-" : String.format(Locale.ROOT, "[%+.3f, %+.3f]", interval.lower(), interval.upper());
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
