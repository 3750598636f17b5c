package io.llmwatch.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which model a task's candidates are compared with: the one rule for sampling, replay planning and
 * the recommendation. It is the task's {@link TaskConfig#referenceModel() reference} (its
 * {@code reference}, else its configured {@code incumbent}; blank counts as none); without one, the
 * model that serves the traffic: for one call, the model that served it; over a horizon of windows,
 * the model that served most calls.
 */
public final class Incumbent {

    private Incumbent() {
    }

    /** The incumbent for a call served by {@code model}: the task's reference, else {@code model}. */
    public static String of(TaskConfig settings, String model) {
        String reference = settings.referenceModel();
        return reference != null ? reference : model;
    }

    /**
     * The incumbent over a horizon: the task's reference, else the model with most calls (ties go to
     * the greater name, so the choice does not depend on map order); empty when there is neither.
     */
    public static Optional<String> ofTraffic(TaskConfig settings, Map<String, Long> callsByModel) {
        String reference = settings.referenceModel();
        if (reference != null) {
            return Optional.of(reference);
        }
        return callsByModel.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }
}
