package io.llmwatch.scorer.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.Incumbent;
import io.llmwatch.config.JudgeKind;
import io.llmwatch.config.TaskConfig;
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
 *   <li>The incumbent is the task's configured one, else the model that served the call. A call
 *       served by another model than the configured incumbent is not replayed: production's answer
 *       would not be the incumbent's.</li>
 *   <li>Targets are the candidates (never the incumbent) the call has not been replayed against,
 *       so a call and model are replayed at most once and a result id names one replay.</li>
 *   <li>The judge is the task's, else the one the call's shape calls for ({@link JudgeKind#resolve}).
 *       When it compares with production's own answer, the incumbent is replayed too as the
 *       self-replay control, in every request: the replay worker judges a request's candidates
 *       against the control replayed with them.</li>
 *   <li>The request is replayed as {@link ReplayBody} shapes it: without credential fields or
 *       streaming, with {@code n} and {@code max_tokens} capped. Each target's cost is projected from
 *       that request itself, never from the call's declared usage (which may be wrong or a lie): its
 *       input-token bound and {@code max_tokens × n}, at the target's live price. It is charged to its
 *       line {@code app/task/model} for today, and settled at the actual cost when the replay's result
 *       comes back, so a line whose actual spend reached its budget replays nothing more that day; a target that would take its line over
 *       the task's {@code daily_budget_usd}, or has no price, is dropped. The control is charged to
 *       the incumbent's line by the same rule; when the judge needs a control and it does not fit,
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
    private final Set<String> warnedUnpriced = new HashSet<>();

    ReplayPlanner(LivePrices prices, PriceCatalog catalog, SpendBudget budget, ReplayBody body) {
        this.prices = prices;
        this.catalog = catalog;
        this.budget = budget;
        this.body = body;
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
        String incumbent = Incumbent.servedBy(settings, call.model(), call.requestModel(), catalog::sameModel).orElse(null);
        if (incumbent == null) {
            return Optional.empty();
        }
        List<String> left = candidates(candidates, incumbent).stream().filter(c -> !replayed.contains(c)).toList();
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
            affordable(call, candidate, bound, day, budgetNanos).ifPresent(nanos -> targets.put(candidate, nanos));
        }
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        JudgeKind judge = judge(settings.judge(), call);
        if (judge.needsSelfReplay()) {
            Optional<Long> control = affordable(call, incumbent, bound, day, budgetNanos);
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
        return Optional.of(new ReplayRequest(ReplayRequest.SCHEMA, call.callId(), call.callTimestamp(), call.app(),
                call.taskType(), incumbent, call.provider(), replayedBody, call.outputText(), call.usage(),
                call.costUsd(), call.reference(), judge.id(), new ArrayList<>(targets.keySet()), projected, campaignId,
                Instant.ofEpochMilli(nowMs), call.api()));
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

    private Optional<Long> affordable(StoredCall call, String model, Bound bound, long day, long budgetNanos) {
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
        long nanos = SpendBudget.nanos(cost.getAsDouble());
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
