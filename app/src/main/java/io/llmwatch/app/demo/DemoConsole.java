package io.llmwatch.app.demo;

import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Recommendation;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo shows a person: a plain Kafka consumer of {@code llmwatch.recommendations} and
 * {@code llmwatch.alerts} — exactly what any service can subscribe to — printing each alert as it
 * arrives and, on request, a table of the current recommendations.
 */
final class DemoConsole implements AutoCloseable {

    private final PrintWriter out;
    private final Map<String, Recommendation> recommendations = new TreeMap<>();
    private final List<DriftAlert> alerts = new CopyOnWriteArrayList<>();
    private final TopicTail tail;

    DemoConsole(String bootstrapServers, PrintWriter out) {
        this.out = out;
        this.tail = new TopicTail(bootstrapServers, "llmwatch-demo-console",
                List.of(Topics.RECOMMENDATIONS, Topics.ALERTS), this::apply);
    }

    void start() {
        tail.start();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(Topics.ALERTS.name())) {
            DriftAlert alert = TopicTail.value(Topics.ALERTS, record);
            alerts.add(alert);
            print(alert);
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
            out.printf("  >>> ALERT %s [%s] %s/%s%n", alert.type(), alert.severity().json(), alert.app(), alert.taskType());
            out.printf("      %s%n", alert.summary());
            if (e != null && e.fromModel() != null) {
                Double savings = e.projectedMonthlySavings();
                boolean saves = savings == null || savings >= 0;
                out.printf(Locale.ROOT, "      from %s to %s · cost per call %s → %s · projected %s %s/month%n",
                        e.fromModel(), e.toModel(), usd(e.costPerCallBefore(), 5), usd(e.costPerCallAfter(), 5),
                        saves ? "saving" : "extra cost", usd(savings == null ? null : Math.abs(savings), 2));
            }
            out.println();
        }
    }

    /** Prints the current recommendation of every task. */
    void printTable(String header) {
        List<Recommendation> rows;
        synchronized (recommendations) {
            rows = List.copyOf(recommendations.values());
        }
        synchronized (out) {
            out.println(header);
            out.printf("  %-28s %-22s %-18s %-26s %14s%n", "app/task", "recommended", "incumbent", "challenger (windows)",
                    "saving/month");
            for (Recommendation r : rows) {
                String challenger = r.candidateModel() == null ? "-" : r.candidateModel() + " (" + r.candidateWindows() + ")";
                out.printf("  %-28s %-22s %-18s %-26s %14s%n", r.app() + "/" + r.taskType(), r.recommendedModel(),
                        r.incumbent() == null ? "-" : r.incumbent(), challenger, usd(r.projectedMonthlySavings(), 2));
            }
            if (rows.isEmpty()) {
                out.println("  (no recommendation yet: the first windows are still filling)");
            }
        }
    }

    long alerts(AlertType type) {
        return alerts.stream().filter(a -> a.type() == type).count();
    }

    static String usd(Double amount, int decimals) {
        return amount == null ? "-" : String.format(Locale.ROOT, "$%,." + decimals + "f", amount);
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
