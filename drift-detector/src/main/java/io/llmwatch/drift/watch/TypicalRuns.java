package io.llmwatch.drift.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's typical run: the medians of the tokens and calls of its last {@value #KEPT} finished
 * runs that were not spirals. A median, because one runaway run must not make the next one look
 * normal.
 *
 * @param tokens tokens of each finished run, oldest first
 * @param calls  calls of each, in the same order
 */
record TypicalRuns(List<Long> tokens, List<Long> calls) {

    static final int KEPT = 51;
    static final TypicalRuns NONE = new TypicalRuns(List.of(), List.of());

    TypicalRuns {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    TypicalRuns plus(AgentRun finished) {
        List<Long> t = new ArrayList<>(tokens);
        List<Long> c = new ArrayList<>(calls);
        t.add(finished.tokens());
        c.add(finished.calls());
        if (t.size() > KEPT) {
            t.remove(0);
            c.remove(0);
        }
        return new TypicalRuns(t, c);
    }

    int runs() {
        return tokens.size();
    }

    double medianTokens() {
        return median(tokens);
    }

    double medianCalls() {
        return median(calls);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
