package io.llmwatch.app.demo;

/**
 * How a simulated model behaves on one task: its quality before and after the scenario's provider
 * update, and its speed. Quality is the mean correctness an offline grader would give its answers.
 *
 * @param qualityBefore  mean correctness until the update
 * @param qualityAfter   mean correctness after it
 * @param baseLatencyMs  time to first token
 * @param msPerToken     generation time per output token
 * @param verbosity      output tokens relative to the task's typical answer
 */
record SimulatedModel(String model, String provider, double qualityBefore, double qualityAfter,
                      double baseLatencyMs, double msPerToken, double verbosity) {

    static SimulatedModel steady(String model, String provider, double quality, double baseLatencyMs,
                                 double msPerToken, double verbosity) {
        return new SimulatedModel(model, provider, quality, quality, baseLatencyMs, msPerToken, verbosity);
    }

    double quality(boolean updated) {
        return updated ? qualityAfter : qualityBefore;
    }
}
