package io.llmwatch.scorer.compare;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ComparisonBuilder;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Verdict;
import io.llmwatch.stats.PairedStatistics;
import io.llmwatch.stats.PairedSummary;
import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.Shift;
import io.llmwatch.streams.ControlTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each candidate replay, keyed {@code app/task/candidate}, into that candidate's paired
 * statistics and publishes the comparison it now shows. A result delivered again (the replay worker
 * is at least once) is recognised by its {@link ReplayResult#resultId()} and ignored, for
 * {@code pipeline.dedup_retention}. A result against another incumbent than the one the statistics
 * were gathered with (the task's incumbent changed) starts the statistics afresh: deltas against
 * different baselines do not mix. Likewise when the change detector of {@link SequentialEvidence}
 * raises an alarm: the mean has moved, so the evidence starts afresh, spending the next share of the
 * task's {@code alpha}. After a fall the comparison is published at once, so that the recommendation
 * drops the candidate and the drift detector alerts without waiting; after a rise the verdict is
 * carried over and nothing is revoked (docs/decisions.md).
 *
 * <p>Publishing a comparison runs a bootstrap over up to 2,000 deltas (milliseconds), so once a
 * comparison has {@value #IMMEDIATE_UP_TO} pairs its updates are published at most once per
 * {@link #PUBLISH_INTERVAL} of wall-clock time. The keys waiting are held in memory: after a crash
 * their latest statistics (safe in the store) are published with the key's next result.
 */
final class ComparisonProcessor implements Processor<String, ReplayResult, String, Comparison> {

    private static final Logger LOG = LoggerFactory.getLogger(ComparisonProcessor.class);

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(1);
    static final long IMMEDIATE_UP_TO = 100;

    private final LlmwatchConfig config;
    private final PairedStatistics statistics = new PairedStatistics();
    private ProcessorContext<String, Comparison> context;
    private KeyValueStore<String, ComparisonState> comparisons;
    private KeyValueStore<String, Long> seen;
    private CriticalComparisons critical;
    private TaskSettings settings;
    private final Set<String> waiting = new LinkedHashSet<>();

    ComparisonProcessor(LlmwatchConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Comparison> context) {
        this.context = context;
        this.comparisons = context.getStateStore(ComparisonTopology.COMPARISONS_STORE);
        this.seen = context.getStateStore(ComparisonTopology.SEEN_STORE);
        this.critical = new CriticalComparisons(context.getStateStore(ComparisonTopology.CRITICAL_STORE));
        this.settings = ControlTable.taskSettings(context, config);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::forgetOldResults);
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> publishWaiting());
    }

    @Override
    public void process(Record<String, ReplayResult> record) {
        ReplayResult result = record.value();
        String resultId = result.resultId();
        if (seen.get(resultId) != null) {
            return;
        }
        seen.put(resultId, context.currentSystemTimeMs());
        ModelKey key = ModelKey.parse(record.key());
        ComparisonState state = comparisons.get(record.key());
        if (state == null || !result.incumbent().equals(state.incumbent)) {
            state = ComparisonState.empty(settings.forTask(key.task()).alphaOrDefault());
            state.incumbent = result.incumbent();
        }
        if (state.add(result)) {
            // The change detector saw the deltas' mean move (a model changed): the evidence gathered
            // before the move no longer describes the candidate. After a fall its verdict no longer
            // holds and the alarm is published at once below; after a rise the verdict is carried over.
            LOG.info("{}: change alarm, evidence restarted (restart {}): {}", record.key(), state.evidence.restarts(),
                    state.evidence.lastAlarm());
        }
        comparisons.put(record.key(), state);
        // an alarm on a critical dimension revokes eligibility as the composite's does: published at once
        boolean criticalAlarm = critical.add(record.key(), result, settings.forTask(key.task()));
        if (state.evidence.n() == 0 && state.evidence.lastShift() == Shift.UP && !criticalAlarm) {
            // A rise revokes nothing (SequentialEvidence): the comparison last published still holds, its
            // lower bound carried into the fresh evidence, which is published with its first pair (a
            // comparison needs one for its mean).
            waiting.remove(record.key());
        } else if (state.evidence.n() <= IMMEDIATE_UP_TO || criticalAlarm) {
            waiting.remove(record.key());
            context.forward(record.withValue(comparison(key, state)));
        } else {
            waiting.add(record.key());
        }
    }

    private void publishWaiting() {
        for (String key : waiting) {
            ComparisonState state = comparisons.get(key);
            if (state != null && state.evidence.n() > 0) {
                context.forward(new Record<>(key, comparison(ModelKey.parse(key), state), context.currentSystemTimeMs()));
            }
        }
        waiting.clear();
    }

    private Comparison comparison(ModelKey key, ComparisonState state) {
        TaskConfig task = settings.forTask(key.task());
        double margin = Objects.requireNonNullElse(task.margin(), TaskConfig.BUILT_IN.margin());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Double p95 = state.latency.total() == 0 ? null : state.latency.quantile(0.95);
        SequentialEvidence evidence = state.evidence;
        EvidenceState phase = evidence.state(margin);
        PairedSummary summary = evidence.n() == 0 ? null
                : statistics.summarize(evidence.current(), margin, costPerPair(state));
        boolean undecided = summary != null && summary.verdict() == Verdict.INCONCLUSIVE;
        ComparisonBuilder builder = Comparison.builder().app(key.app()).taskType(key.taskType())
                .incumbent(state.incumbent).candidate(key.model()).judge(state.judge).margin(margin)
                .replays(state.replays).failures(state.failures).latencyP95Ms(p95)
                .candidateCostPerCall(state.candidateCostPerCall()).incumbentCostPerCall(state.incumbentCostPerCall())
                .replaySpendUsd(state.spendUsd).updatedAt(now).state(phase).restarts(evidence.restarts())
                .alarm(evidence.lastAlarm());
        if (summary != null) {
            builder.n(summary.n()).meanDelta(summary.mean()).stdDev(summary.stdDev()).bootstrap(summary.bootstrap())
                    .confidenceSequence(summary.confidenceSequence()).verdict(summary.verdict());
        }
        if (undecided) {
            builder.morePairsNeeded(summary.morePairs()).costOfMorePairsUsd(summary.costOfMorePairs());
        }
        Comparison comparison = builder.build();
        return critical.attach(key.toString(), task, comparison.withSummary(comparison.candidate() + " vs "
                + comparison.incumbent() + " on " + comparison.app() + "/" + comparison.taskType() + ": "
                + comparison.evidenceText(margin)));
    }

    /**
     * What one more paired sample costs: the candidate's replay and its judging, plus the incumbent's
     * self-replay (costed at production's price for the same calls) when the judge needs one.
     */
    private static Double costPerPair(ComparisonState state) {
        Double candidate = state.candidateCostPerCall();
        if (candidate == null) {
            return null;
        }
        double cost = candidate + state.judgeCostPerPair();
        if (state.judge != null && JudgeKind.parse(state.judge).needsSelfReplay()) {
            Double control = state.incumbentCostPerCall();
            if (control == null) {
                return null;
            }
            cost += control;
        }
        return cost;
    }

    private void forgetOldResults(long now) {
        long oldest = now - config.pipeline().dedupRetention().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }
}
