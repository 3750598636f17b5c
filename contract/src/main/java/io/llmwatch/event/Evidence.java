package io.llmwatch.event;

import java.util.Map;

/**
 * The numbers behind an alert. Every field is optional: each alert type fills those that explain it.
 *
 * @param fromModel               the model before the change (the previous optimum, or the drifting model)
 * @param toModel                 the model after the change
 * @param fromQuality             mean quality of {@code fromModel}, over {@code fromQualityN} calls
 * @param toQuality               mean quality of {@code toModel}, over {@code toQualityN} calls
 * @param delta                   quality of {@code toModel} minus {@code fromModel} (or the drift's size)
 * @param ciLow                   lower bound of the interval behind {@code delta}, when there is one
 * @param ciHigh                  upper bound of that interval
 * @param n                       sample size behind {@code delta}
 * @param costPerCallBefore       USD per call of {@code fromModel}
 * @param costPerCallAfter        USD per call of {@code toModel}
 * @param callsPerMonth           the task's observed volume, extrapolated to 30 days
 * @param projectedMonthlySavings {@code (before − after) × callsPerMonth}, USD
 * @param details                 anything else an alert type wants to show, by name
 */
public record Evidence(
        String fromModel,
        String toModel,
        Double fromQuality,
        Long fromQualityN,
        Double toQuality,
        Long toQualityN,
        Double delta,
        Double ciLow,
        Double ciHigh,
        Long n,
        Double costPerCallBefore,
        Double costPerCallAfter,
        Double callsPerMonth,
        Double projectedMonthlySavings,
        Map<String, Object> details) {

    public Evidence {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
