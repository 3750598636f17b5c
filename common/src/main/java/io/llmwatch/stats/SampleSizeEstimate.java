package io.llmwatch.stats;

import io.llmwatch.event.Verdict;
import java.util.OptionalLong;

/**
 * For an inconclusive comparison: about how many more paired samples would decide it, and what
 * they would cost in replay spend ("≈ 340 more pairs, ≈ $0.41").
 *
 * <p>Assumption: the mean and standard deviation of future deltas stay at their current
 * estimates. Then the confidence sequence stays centred near the current mean {@code d}, and the
 * comparison is decided once its half-width falls below {@code |d + m|}, the distance to the one
 * boundary that can decide it: {@code -m}, cleared from above (non-inferior) when {@code d > -m} or
 * from below (worse) when {@code d < -m}. The half-width is projected with
 * {@link ConfidenceSequence#stepsUntilHalfWidth}. It is an expectation, not a promise: the
 * estimates themselves move, and at small n they move a lot.
 *
 * <p>{@code morePairs} is null when no finite number would do: the mean sits on {@code -m}, or more
 * than {@link #MAX_MORE_PAIRS} would be needed; 0 when the comparison is already decided.
 *
 * @param morePairs further paired samples, or null if the comparison is not decidable in practice
 * @param cost      {@code morePairs} times the replay cost per pair, or null if either is unknown
 */
public record SampleSizeEstimate(Long morePairs, Double cost) {

    /** Beyond this many further pairs a comparison counts as not decidable. */
    public static final long MAX_MORE_PAIRS = 100_000_000L;

    /** Nothing more is needed: the comparison is decided. */
    public static final SampleSizeEstimate DECIDED = new SampleSizeEstimate(0L, 0.0);

    /**
     * The estimate for {@code deltas} at margin {@code margin}.
     *
     * @param costPerPair replay (and judging) spend per paired sample, null if unknown
     */
    public static SampleSizeEstimate of(PairedDeltas deltas, double margin, Double costPerPair) {
        if (Verdict.of(deltas.anytimeInterval(), margin) != Verdict.INCONCLUSIVE) {
            return DECIDED;
        }
        double distance = Math.abs(deltas.mean() + margin);
        OptionalLong steps = deltas.sequence().stepsUntilHalfWidth(distance, deltas.stdDev(), MAX_MORE_PAIRS);
        if (steps.isEmpty()) {
            return new SampleSizeEstimate(null, null);
        }
        // inconclusive now, so at least one more pair is needed whatever the projection says
        long more = Math.max(1, steps.getAsLong());
        return new SampleSizeEstimate(more, costPerPair == null ? null : more * costPerPair);
    }
}
