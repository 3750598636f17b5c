package io.llmwatch.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Read-only views of what the pipeline published, kept in memory from {@code llmwatch.model-stats},
 * {@code llmwatch.comparisons}, {@code llmwatch.recommendations} and {@code llmwatch.alerts} read from
 * the beginning (every query
 * server sees everything). Memory is bounded: stats windows older than {@code statsRetention}
 * before the newest, all but the newest {@code maxAlerts} alerts, and all but the newest
 * {@code maxHistory} points of each comparison's history are dropped.
 *
 * <p>A comparison's history (for the dashboard's "paired delta over time") is the sequence of its
 * published values as this process saw them. Since the comparisons topic is compacted, a restarted
 * query server sees only what compaction has not yet merged, so the history is a view, not a record.
 */
final class QueryViews implements AutoCloseable {

    private final Duration statsRetention;
    private final int maxAlerts;
    /** app/task/model → window start → stats. */
    private final Map<String, TreeMap<Instant, ModelStats>> stats = new ConcurrentHashMap<>();
    private final Map<String, Recommendation> recommendations = new ConcurrentHashMap<>();
    private final Map<String, Comparison> comparisons = new ConcurrentHashMap<>();
    private final Deque<DriftAlert> alerts = new ArrayDeque<>();
    private final int maxHistory;
    /** app/task/candidate → its points, oldest first. */
    private final Map<String, Deque<ObjectNode>> history = new ConcurrentHashMap<>();
    private final TopicTail tail;

    QueryViews(KafkaClientSettings kafka, Duration statsRetention, int maxAlerts, int maxHistory) {
        this.statsRetention = statsRetention;
        this.maxAlerts = maxAlerts;
        this.maxHistory = maxHistory;
        this.tail = new TopicTail(kafka, "llmwatch-query-views",
                List.of(Topics.MODEL_STATS, Topics.COMPARISONS, Topics.RECOMMENDATIONS, Topics.ALERTS), this::apply);
    }

    void start() {
        tail.start();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(Topics.MODEL_STATS.name())) {
            addStats(TopicTail.value(Topics.MODEL_STATS, record));
        } else if (record.topic().equals(Topics.COMPARISONS.name())) {
            Comparison comparison = TopicTail.value(Topics.COMPARISONS, record);
            latest(comparisons, record.key(), comparison);
            addHistory(record.key(), comparison);
        } else if (record.topic().equals(Topics.RECOMMENDATIONS.name())) {
            latest(recommendations, record.key(), TopicTail.value(Topics.RECOMMENDATIONS, record));
        } else {
            DriftAlert alert = TopicTail.value(Topics.ALERTS, record);
            if (alert != null) {
                synchronized (alerts) {
                    alerts.addFirst(alert);
                    while (alerts.size() > maxAlerts) {
                        alerts.removeLast();
                    }
                }
            }
        }
    }

    /** A compacted topic's view: the latest value per key, a tombstone removes it. */
    private static <V> void latest(Map<String, V> view, String key, V value) {
        if (value == null) {
            view.remove(key);
        } else {
            view.put(key, value);
        }
    }

    /**
     * Appends the comparison's point, by field name from its JSON form so that fields added to
     * {@link Comparison} later (its state, restarts) are carried without a change here. A value equal
     * to the last point but for its time adds nothing.
     */
    private void addHistory(String key, Comparison comparison) {
        if (comparison == null) {
            history.remove(key);
            return;
        }
        JsonNode all = Json.mapper().valueToTree(comparison);
        ObjectNode point = Json.mapper().createObjectNode();
        for (String field : HISTORY_FIELDS) {
            if (all.hasNonNull(field)) {
                point.set(field, all.get(field));
            }
        }
        Deque<ObjectNode> points = history.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (points) {
            ObjectNode last = points.peekLast();
            if (last != null && sameBut(last, point, "updated_at")) {
                return;
            }
            points.addLast(point);
            while (points.size() > maxHistory) {
                points.removeFirst();
            }
        }
    }

    /** The fields of a history point; absent ones are left out. */
    static final List<String> HISTORY_FIELDS = List.of("updated_at", "n", "mean_delta", "confidence_sequence",
            "bootstrap", "verdict", "margin", "more_pairs_needed", "cost_of_more_pairs_usd", "state", "restarts",
            "alarm");

    private static boolean sameBut(ObjectNode a, ObjectNode b, String ignored) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        x.remove(ignored);
        y.remove(ignored);
        return x.equals(y);
    }

    private void addStats(ModelStats s) {
        if (s == null) {
            return;
        }
        TreeMap<Instant, ModelStats> windows = stats.computeIfAbsent(s.key().toString(), k -> new TreeMap<>());
        synchronized (windows) {
            windows.put(s.window().start(), s);
            Instant horizon = windows.lastKey().minus(statsRetention);
            windows.headMap(horizon).clear();
        }
    }

    /** Per-model stats windows starting at or after {@code since}, optionally filtered by app and task. */
    List<ModelStats> stats(String app, String task, Instant since) {
        List<ModelStats> out = new ArrayList<>();
        stats.forEach((key, windows) -> {
            synchronized (windows) {
                for (ModelStats s : windows.tailMap(since == null ? Instant.MIN : since).values()) {
                    if ((app == null || app.equals(s.app())) && (task == null || task.equals(s.taskType()))) {
                        out.add(s);
                    }
                }
            }
        });
        return out;
    }

    List<Recommendation> recommendations() {
        return recommendations.values().stream()
                .sorted(Comparator.comparing(Recommendation::app).thenComparing(Recommendation::taskType))
                .toList();
    }

    /** The latest comparison of every candidate, optionally filtered by app and task. */
    List<Comparison> comparisons(String app, String task) {
        return comparisons.values().stream()
                .filter(c -> (app == null || app.equals(c.app())) && (task == null || task.equals(c.taskType())))
                .sorted(Comparator.comparing(Comparison::app).thenComparing(Comparison::taskType)
                        .thenComparing(Comparison::candidate))
                .toList();
    }

    /** The history of every candidate's comparison, optionally filtered, as {@link ComparisonHistory}. */
    List<ComparisonHistory> history(String app, String task, String candidate) {
        List<ComparisonHistory> out = new ArrayList<>();
        comparisons.values().stream()
                .filter(c -> (app == null || app.equals(c.app())) && (task == null || task.equals(c.taskType()))
                        && (candidate == null || candidate.equals(c.candidate())))
                .sorted(Comparator.comparing(Comparison::app).thenComparing(Comparison::taskType)
                        .thenComparing(Comparison::candidate))
                .forEach(c -> {
                    Deque<ObjectNode> points = history.get(c.key().toString());
                    if (points != null) {
                        synchronized (points) {
                            out.add(new ComparisonHistory(c.app(), c.taskType(), c.incumbent(), c.candidate(),
                                    List.copyOf(points)));
                        }
                    }
                });
        return out;
    }

    List<DriftAlert> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
