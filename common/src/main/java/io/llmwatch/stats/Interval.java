package io.llmwatch.stats;

/**
 * A two-sided interval for a mean, e.g. a bootstrap CI or a confidence sequence at one time.
 *
 * @param lower lower bound
 * @param upper upper bound
 * @param level nominal coverage, e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {
}
