package io.llmwatch.scorer.stats;

/**
 * The statistics contributions of one model's window combined in one scoring task since they were
 * last forwarded: what {@link StatsCombiner} keeps and sends through the statistics repartition to
 * {@link LiveStatsProcessor}, which merges it into the window.
 *
 * @param latest the newest event time among the combined contributions, the forwarded record's
 *               timestamp: the statistics' stream time moves as it did call by call
 * @param stats  their partial aggregate ({@link StatsAccumulator#add})
 */
public record StatsPartial(long latest, StatsAccumulator stats) {
}
