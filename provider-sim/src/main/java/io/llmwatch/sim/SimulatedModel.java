package io.llmwatch.sim;

/**
 * A model of the {@link SimulatedProvider simulated provider}. Prices are not its business: the
 * price catalog prices its id, as it does a real model's.
 *
 * @param id              the model id clients ask for
 * @param quality         probability in [0, 1] that its answer to a prompt is the correct one (see
 *                        {@link Expected}); can be changed at run time with
 *                        {@link SimulatedProvider#setQuality}
 * @param verbosity       output tokens relative to the prompt's typical answer
 * @param reasoningTokens hidden reasoning tokens per answer, reported in
 *                        {@code completion_tokens_details.reasoning_tokens} (and included in
 *                        {@code completion_tokens}, as OpenAI does); 0 for a non-reasoning model
 * @param latency         how long it takes to answer
 * @param nondeterminism  probability in [0, 1] that asking the same prompt again draws a new answer
 *                        (as sampling temperature does); 0 = always the same answer to the same prompt
 */
public record SimulatedModel(String id, double quality, double verbosity, long reasoningTokens, Latency latency,
                             double nondeterminism) {

    public SimulatedModel {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a simulated model needs an id");
        }
        checkProbability("quality", quality);
        checkProbability("nondeterminism", nondeterminism);
        if (verbosity <= 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("verbosity must be > 0 and reasoning tokens >= 0");
        }
        if (latency == null) {
            latency = Latency.NONE;
        }
    }

    /** A model of this quality that answers at once, deterministically, at the typical length. */
    public static SimulatedModel of(String id, double quality) {
        return new SimulatedModel(id, quality, 1.0, 0, Latency.NONE, 0);
    }

    public SimulatedModel withLatency(Latency value) {
        return new SimulatedModel(id, quality, verbosity, reasoningTokens, value, nondeterminism);
    }

    public SimulatedModel withVerbosity(double value) {
        return new SimulatedModel(id, quality, value, reasoningTokens, latency, nondeterminism);
    }

    public SimulatedModel withReasoningTokens(long value) {
        return new SimulatedModel(id, quality, verbosity, value, latency, nondeterminism);
    }

    public SimulatedModel withNondeterminism(double value) {
        return new SimulatedModel(id, quality, verbosity, reasoningTokens, latency, value);
    }

    static void checkProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], not " + value);
        }
    }
}
