package io.llmwatch.scorer.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.Incumbent;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.price.LivePrices;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.replay.ReplayBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stored call into a replay request within the daily budgets, for live sampling and
 * campaigns alike. Not thread-safe: one per processor.
 *
 * <ul>
 *   <li>The yardstick is the task's reference ({@link TaskConfig#referenceModel()}: {@code reference},
 *       else the configured incumbent), else the model that served the call. It is the request's
 *       incumbent, and stays so after a switch (docs/decisions.md, "A fixed reference").</li>
 *   <li>Targets are the candidates (never the reference) the call has not been replayed against,
 *       so a call and model are replayed at most once and a result id names one replay. A call
 *       served by another model than the reference (production moved to a candidate) is replayed
 *       against that model too, in live sampling, so that its regression shows in its comparison
 *       with the reference.</li>
 *   <li>In live sampling, a target whose comparison with the reference is decided is kept only on
 *       the calls within the task's maintenance rate ({@link MaintenanceRate}); campaigns replay what
 *       they ask for.</li>
 *   <li>The judge is the task's, else the one the call's shape calls for ({@link JudgeKind#resolve}).
 *       When it compares with production's own answer, or when the call was not served by the
 *       reference, the reference is replayed too as the control, in every request: the replay worker
 *       judges a request's candidates against the control replayed with them. When both hold, the
 *       reference is replayed twice ({@code Replayer}) and its line is charged for both.</li>
 *   <li>The request is replayed as {@link ReplayBody} shapes it: without credential fields or
 *       streaming, with {@code n} and {@code max_tokens} capped. Each target's cost is projected from
 *       that request itself, never from the call's declared usage (which may be wrong or a lie): its
 *       input-token bound and {@code max_tokens × n}, at the target's live price. It is charged to its
 *       line {@code app/task/model} for today, and settled at the actual cost when the replay's result
 *       comes back, so a line whose actual spend reached its budget replays nothing more that day; a target that would take its line over
 *       the task's {@code daily_budget_usd}, or has no price, is dropped. The control is charged to
 *       the reference's line by the same rule; when a control is needed and it does not fit,
 *       nothing is replayed, as no candidate could be judged.</li>
 * </ul>
 */
final class ReplayPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayPlanner.class);
    /** Unpriced models warned about; beyond this the memo starts over (junk model names). */
    private static final int MAX_WARNED = 1_000;

    private final LivePrices prices;
    private final PriceCatalog catalog;
    private final SpendBudget budget;
    private final ReplayBody body;
    private final Standings standings;
    private final Set<String> warnedUnpriced = new HashSet<>();

    ReplayPlanner(LivePrices prices, PriceCatalog catalog, SpendBudget budget, ReplayBody body, Standings standings) {
        this.prices = prices;
        this.catalog = catalog;
        this.budget = budget;
        this.body = body;
        this.standings = standings;
    }

    /**
     * The request replaying {@code call} against {@code candidates}, with its targets charged; empty
     * when there is nothing left to replay or no budget for it.
     *
     * @param replayed   models the call has been replayed against already
     * @param campaignId the campaign asking, or null for live sampling
     */
    Optional<ReplayRequest> plan(StoredCall call, TaskConfig settings, List<String> candidates, Set<String> replayed,
                                 String campaignId, long nowMs) {
        String reference = settings.referenceModel();
        String incumbent = Incumbent.of(settings, call.model());
        String servedBy = reference == null || servedByReference(reference, call) ? null : call.model();
        List<String> left = targets(call, settings, candidates, incumbent, servedBy != null, campaignId).stream()
                .filter(c -> !replayed.contains(c)).toList();
        if (left.isEmpty()) {
            // Before shaping the body: a call replayed against every candidate costs nothing more.
            return Optional.empty();
        }
        long day = SpendBudget.day(nowMs);
        long budgetNanos = SpendBudget.nanos(settings.dailyBudgetUsd());
        ObjectNode replayedBody = body.shape(call.request(), call.wireApi());
        Bound bound = new Bound(ReplayBody.inputTokenBound(replayedBody, call.usage().inputTokens()),
                body.outputTokenBound(replayedBody, call.wireApi()));
        Map<String, Long> targets = new LinkedHashMap<>();
        for (String candidate : left) {
            affordable(call, candidate, bound, day, budgetNanos, 1).ifPresent(nanos -> targets.put(candidate, nanos));
        }
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        JudgeKind judge = judge(settings.judge(), call);
        if (judge.needsSelfReplay() || servedBy != null) {
            // Replayed twice when it stands in for production's answer and is the self-replay control too.
            int replays = judge.needsSelfReplay() && servedBy != null ? 2 : 1;
            Optional<Long> control = affordable(call, incumbent, bound, day, budgetNanos, replays);
            if (control.isEmpty()) {
                return Optional.empty();
            }
            targets.put(incumbent, control.get());
        }
        Map<String, Double> projected = new LinkedHashMap<>();
        targets.forEach((model, nanos) -> {
            budget.charge(ReplayResult.resultId(call.callId(), model), line(call, model), day, nanos, nowMs);
            projected.put(model, SpendBudget.usd(nanos));
        });
        return Optional.of(ReplayRequest.builder().callId(call.callId()).callTimestamp(call.callTimestamp())
                .app(call.app()).taskType(call.taskType()).incumbent(incumbent).provider(call.provider()).request(replayedBody)
                .originalOutput(call.outputText()).originalUsage(call.usage()).originalCostUsd(call.costUsd())
                .reference(call.reference()).judge(judge.id()).targets(new ArrayList<>(targets.keySet()))
                .projectedCostUsd(projected).campaignId(campaignId).requestedAt(Instant.ofEpochMilli(nowMs)).api(call.api())
                .servedBy(servedBy).build());
    }

    /** Whether the reference served the call (under its own name or a dated snapshot of it). */
    private boolean servedByReference(String reference, StoredCall call) {
        return catalog.sameModel(reference, call.model()) || catalog.sameModel(reference, call.requestModel());
    }

    /**
     * The models to replay the call against: the candidates, and after a switch the model in
     * production; in live sampling, a decided one only within the maintenance rate.
     */
    private List<String> targets(StoredCall call, TaskConfig settings, List<String> configured, String incumbent,
                                 boolean switched, String campaignId) {
        List<String> models = new ArrayList<>(candidates(configured, incumbent));
        if (campaignId != null) {
            return models;
        }
        if (switched && models.stream().noneMatch(model -> catalog.sameModel(model, call.model()) || catalog.sameModel(model, call.requestModel()))) {
            models.add(call.model());
        }
        double rate = settings.maintenanceRateOrDefault();
        return models.stream()
                .filter(model -> MaintenanceRate.replays(call.callId(),
                        standings.decided(new ModelKey(call.app(), call.taskType(), model), incumbent), rate))
                .toList();
    }

    /** The configured candidates worth replaying: named, once each, other than the incumbent. */
    static List<String> candidates(List<String> configured, String incumbent) {
        if (configured == null) {
            return List.of();
        }
        return configured.stream()
                .filter(model -> model != null && !model.isBlank() && !model.equalsIgnoreCase(incumbent))
                .distinct()
                .toList();
    }

    /** What {@code replays} replays of {@code model} would be charged, if its line can take them today. */
    private Optional<Long> affordable(StoredCall call, String model, Bound bound, long day, long budgetNanos, int replays) {
        OptionalDouble cost = prices.expectedCost(model, bound.inputTokens(), bound.outputTokens());
        if (cost.isEmpty()) {
            if (warnedUnpriced.size() >= MAX_WARNED) {
                warnedUnpriced.clear();
            }
            if (warnedUnpriced.add(model)) {
                LOG.warn("not replaying calls of {} on {}: the model has no price, so its spend cannot be bounded;"
                        + " add price/{} on llmwatch.control", call.task(), model, model);
            }
            return Optional.empty();
        }
        long nanos = SpendBudget.nanos(cost.getAsDouble()) * replays;
        return budget.fits(line(call, model), day, nanos, budgetNanos) ? Optional.of(nanos) : Optional.empty();
    }

    private static JudgeKind judge(String configured, StoredCall call) {
        try {
            return JudgeKind.resolve(configured, call.request(), call.outputText(), call.reference());
        } catch (IllegalArgumentException e) {
            // A hand-written control entry may name no judge we know; judge by the call's shape instead.
            LOG.warn("task {}: {}", call.task(), e.getMessage());
            return JudgeKind.resolve(null, call.request(), call.outputText(), call.reference());
        }
    }

    private static String line(StoredCall call, String model) {
        return new ModelKey(call.app(), call.taskType(), model).toString();
    }

    /** The most tokens one replay of a call can be billed. */
    private record Bound(long inputTokens, long outputTokens) {
    }
}
