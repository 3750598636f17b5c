package io.llmwatch.drift.recommend;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Verdict;
import io.llmwatch.text.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Picks the optimal model of a task on paired evidence (docs/architecture.md §6): the cheapest among the
 * incumbent and the candidates whose verdict against it is {@code non_inferior} or {@code better},
 * which are also non-inferior on each of the task's critical dimensions (docs/dimensions.md), and
 * whose replay error rate and p95 latency respect the task's limits. The verdict comes from the
 * anytime-valid confidence sequence of the paired deltas on the same prompts, so looking at it after
 * every window does not inflate the error rate.
 *
 * <p>The incumbent is always eligible: it is the baseline the candidates are measured against, and
 * replacing it needs evidence. Its cost per call is its production mean over the horizon (else its
 * mean on the replayed calls); a candidate's is its mean over its own replays of this task's prompts,
 * with its own output tokens. Both sample the same traffic (sampling is uniform on call ids), so they
 * compare like for like. A model whose cost is unknown is never the cheapest; equal cost keeps the
 * incumbent, then goes by model name, so the choice is deterministic.
 */
public final class PairedEvidence {

    /** Written as {@code basis} of every recommendation it makes. */
    public static final String BASIS = "paired_non_inferiority";

    private static final double EPSILON = 1e-12;

    /**
     * @param incumbent   the model in production
     * @param production  the incumbent's production figures over the horizon, or null without calls
     * @param comparisons the latest comparison of each candidate with this incumbent
     * @param settings    the task's settings in force now
     */
    public Choice choose(String incumbent, ModelFigures production, Collection<Comparison> comparisons,
            TaskConfig settings) {
        double margin = Objects.requireNonNullElse(settings.margin(), TaskConfig.BUILT_IN.margin());
        List<ModelStanding> standings = new ArrayList<>();
        ModelStanding baseline = incumbentStanding(incumbent, production, comparisons);
        standings.add(baseline);
        comparisons.stream()
                .filter(c -> !c.candidate().equals(incumbent))
                .sorted(Comparator.comparing(Comparison::candidate))
                .forEach(c -> standings.add(candidateStanding(c, settings, margin)));

        ModelStanding best = standings.stream()
                .filter(ModelStanding::eligible)
                .min(Comparator.comparing((ModelStanding s) -> s.costPerCall() == null)
                        .thenComparingDouble(s -> s.costPerCall() == null ? 0 : s.costPerCall())
                        .thenComparing(s -> !s.model().equals(incumbent))
                        .thenComparing(ModelStanding::model))
                .orElse(baseline);
        List<ModelStanding> explained = new ArrayList<>();
        for (ModelStanding standing : standings) {
            explained.add(standing.eligible() ? standing.withEligibility(true, eligibleReason(standing, best)) : standing);
        }
        return new Choice(incumbent, best.model(), explained);
    }

    private static ModelStanding incumbentStanding(String incumbent, ModelFigures production,
            Collection<Comparison> comparisons) {
        Double cost = production != null && production.priced() ? production.costPerCall()
                : comparisons.stream().map(Comparison::incumbentCostPerCall).filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null);
        return new ModelStanding(incumbent, ModelStanding.INCUMBENT, production == null ? 0 : production.calls(),
                production == null ? null : production.qualityMean(), cost,
                production == null ? 0 : production.errorRate(), production == null ? null : production.latencyP95Ms(),
                null, null, null, null, null, true, "incumbent");
    }

    /** The verdict is taken again at the margin in force now, so that a live margin change applies at once. */
    private static ModelStanding candidateStanding(Comparison c, TaskConfig settings, double margin) {
        Verdict verdict = c.confidenceSequence() == null ? Verdict.INCONCLUSIVE : Verdict.of(c.confidenceSequence(), margin);
        String reason = ineligibility(c, verdict, settings, margin);
        return new ModelStanding(c.candidate(), ModelStanding.CANDIDATE, c.replays(), null, c.candidateCostPerCall(),
                c.errorRate(), c.latencyP95Ms(), c.n(), c.meanDelta(), c.confidenceSequence(), c.bootstrap(),
                verdict, reason == null, reason);
    }

    private static String ineligibility(Comparison c, Verdict verdict, TaskConfig settings, double margin) {
        if (!verdict.goodEnough()) {
            return c.evidenceText(margin);
        }
        String critical = settings.criticalOrNone().blocking(c, margin);
        if (critical != null) {
            return critical;
        }
        Double maxErrorRate = settings.maxErrorRate();
        if (maxErrorRate != null && c.errorRate() > maxErrorRate + EPSILON) {
            return "replay error rate " + Texts.percent(c.errorRate()) + " above the limit of " + Texts.percent(maxErrorRate);
        }
        Double latencyLimit = settings.latencyLimitMs();
        if (latencyLimit != null && c.latencyP95Ms() != null && c.latencyP95Ms() > latencyLimit) {
            return "p95 latency " + Texts.millis(c.latencyP95Ms()) + " above the limit of " + Texts.millis(latencyLimit);
        }
        return null;
    }

    private static String eligibleReason(ModelStanding standing, ModelStanding best) {
        String why = standing.role().equals(ModelStanding.INCUMBENT) ? "incumbent"
                : standing.verdict().json() + " (Δ " + Texts.delta(standing.meanDelta()) + ", "
                        + Texts.interval("CS", standing.confidenceSequence()) + ", n=" + Texts.count(standing.n()) + ")";
        if (standing == best) {
            return standing.costPerCall() == null ? why + "; no eligible model is priced" : why + "; cheapest eligible model";
        }
        if (standing.costPerCall() == null) {
            return why + " but its cost is unknown";
        }
        return why + " but " + best.model() + " is cheaper";
    }
}
