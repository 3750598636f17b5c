package io.llmwatch.topic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.json.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every llmwatch topic (docs/architecture.md §3). The only place a topic name is written.
 *
 * <p>Input topics ({@link #CALLS}, {@link #EVALUATIONS}, {@link #CONTROL}) come from outside
 * llmwatch: topologies read their values as bytes and validate them with
 * {@link io.llmwatch.validate.EventReader}, so that a bad record goes to {@link #DLQ} instead of
 * stopping the topology; producers use the typed serdes here.
 *
 * <p>Retention is by broker time on the input topics: producers stamp records with the time they
 * publish them, and topologies take event time from the record's own {@code timestamp} field. So an
 * imported call from last month is not deleted by a 7-day retention the moment it lands.
 */
public final class Topics {

    private static final Serde<String> KEYS = Serdes.String();
    private static final String WEEK = Long.toString(Duration.ofDays(7).toMillis());
    private static final String QUARTER = Long.toString(Duration.ofDays(90).toMillis());

    private static final Map<String, String> DELETE_WEEK = Map.of("cleanup.policy", "delete", "retention.ms", WEEK);
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");

    public static final Topic<String, LlmCall> CALLS =
            new Topic<>("llmwatch.calls", KEYS, JsonSerde.of(LlmCall.class), DELETE_WEEK);
    public static final Topic<String, Evaluation> EVALUATIONS =
            new Topic<>("llmwatch.evaluations", KEYS, JsonSerde.of(Evaluation.class), DELETE_WEEK);
    public static final Topic<String, ScoredCall> SCORED =
            new Topic<>("llmwatch.scored", KEYS, JsonSerde.of(ScoredCall.class), DELETE_WEEK);
    public static final Topic<String, ReplayRequest> REPLAY_REQUESTS =
            new Topic<>("llmwatch.replay.requests", KEYS, JsonSerde.of(ReplayRequest.class), DELETE_WEEK);
    public static final Topic<String, ReplayResult> REPLAY_RESULTS =
            new Topic<>("llmwatch.replay.results", KEYS, JsonSerde.of(ReplayResult.class), DELETE_WEEK);
    /**
     * Keyed by replay request ({@code call_id}, or {@code call_id@campaign_id}); written by the replay
     * worker to the partition number of the request it is about (so it needs as many partitions as
     * {@link #REPLAY_REQUESTS}). Compaction keeps each request's latest state; deletion drops it with
     * the request, after a week.
     */
    public static final Topic<String, ReplayLedgerEntry> REPLAY_LEDGER =
            new Topic<>("llmwatch.replay.ledger", KEYS, JsonSerde.of(ReplayLedgerEntry.class),
                    Map.of("cleanup.policy", "compact,delete", "retention.ms", WEEK));
    /**
     * Keyed {@code app/task/model/window-start}: compaction keeps each window's latest version, and
     * deletion drops windows a week after they were published. The broker stamps each record with
     * the time it appends it ({@code LogAppendTime}), because the scorer stamps a window with its
     * start: counted from that, a window of last month (an import, a catch-up) was deleted by the
     * log cleaner within seconds, before a restarting drift detector could read it (readers take
     * a window's times from its {@code window} field).
     */
    public static final Topic<String, ModelStats> MODEL_STATS =
            new Topic<>("llmwatch.model-stats", KEYS, JsonSerde.of(ModelStats.class),
                    Map.of("cleanup.policy", "compact,delete", "retention.ms", WEEK, "message.timestamp.type", "LogAppendTime"));
    public static final Topic<String, Comparison> COMPARISONS =
            new Topic<>("llmwatch.comparisons", KEYS, JsonSerde.of(Comparison.class), COMPACT);
    public static final Topic<String, Recommendation> RECOMMENDATIONS =
            new Topic<>("llmwatch.recommendations", KEYS, JsonSerde.of(Recommendation.class), COMPACT);
    public static final Topic<String, DriftAlert> ALERTS =
            new Topic<>("llmwatch.alerts", KEYS, JsonSerde.of(DriftAlert.class),
                    Map.of("cleanup.policy", "delete", "retention.ms", QUARTER));
    /** Live configuration; values are JSON whose shape depends on the key (see {@code ControlKey}). */
    public static final Topic<String, JsonNode> CONTROL =
            new Topic<>("llmwatch.control", KEYS, JsonSerde.of(JsonNode.class), COMPACT);
    public static final Topic<String, DeadLetter> DLQ =
            new Topic<>("llmwatch.dlq", KEYS, JsonSerde.of(DeadLetter.class), DELETE_WEEK);

    private Topics() {
    }

    /** All topics, in docs/architecture.md §3 order, e.g. for creating them. */
    public static List<Topic<?, ?>> all() {
        return List.of(CALLS, EVALUATIONS, SCORED, REPLAY_REQUESTS, REPLAY_RESULTS, REPLAY_LEDGER, MODEL_STATS, COMPARISONS,
                RECOMMENDATIONS, ALERTS, CONTROL, DLQ);
    }
}
