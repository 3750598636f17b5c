package io.llmwatch.app.bench.detect;

import java.util.List;

/**
 * A synthetic stream whose change points are known.
 *
 * @param name    what it is, for a person
 * @param values  the samples
 * @param changes indices of the first sample of each new regime, ascending; empty for a stationary stream
 */
public record LabelledStream(String name, double[] values, List<Integer> changes) {

    public LabelledStream {
        changes = List.copyOf(changes);
    }
}
