package io.llmwatch.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Which model is a task's incumbent, the one its candidates are compared with: the one rule for
 * sampling, replay planning and the recommendation. It is the task's configured {@code incumbent}
 * (a blank one counts as none); without one, the model that serves the traffic: for one call, the
 * model that served it; over a horizon of windows, the model that served most calls.
 */
public final class Incumbent {

    private Incumbent() {
    }

    /** The configured incumbent, or null when there is none. */
    public static String configured(TaskConfig settings) {
        String configured = settings.incumbent();
        return configured == null || configured.isBlank() ? null : configured;
    }

    /** The incumbent for a call served by {@code model}: the configured one, else {@code model}. */
    public static String of(TaskConfig settings, String model) {
        String configured = configured(settings);
        return configured != null ? configured : model;
    }

    /**
     * The incumbent a call's answer stands for, as replay compares it with candidates: empty when the
     * call was served by another model than the configured incumbent, whose answer production's is not.
     *
     * @param model        the model that served the call
     * @param requestModel the model the call asked for
     * @param sameModel    whether two names name the same model (see {@code PriceCatalog#sameModel})
     */
    public static Optional<String> servedBy(TaskConfig settings, String model, String requestModel,
                                            BiPredicate<String, String> sameModel) {
        String configured = configured(settings);
        if (configured == null) {
            return Optional.ofNullable(model);
        }
        return sameModel.test(configured, model) || sameModel.test(configured, requestModel)
                ? Optional.of(configured) : Optional.empty();
    }

    /**
     * The incumbent over a horizon: the configured one, else the model with most calls (ties go to
     * the greater name, so the choice does not depend on map order); empty when there is neither.
     */
    public static Optional<String> ofTraffic(TaskConfig settings, Map<String, Long> callsByModel) {
        String configured = configured(settings);
        if (configured != null) {
            return Optional.of(configured);
        }
        return callsByModel.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }
}
