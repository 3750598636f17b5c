package io.llmwatch.app.bench.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.DoublePredicate;

/**
 * A detector run over a {@link LabelledStream}, scored: how long after each known change it first
 * reported it, how many reports came before any change (false alarms), and how many came after a
 * change had already been reported (repeats: ADWIN reports one change several times while its window
 * sheds the old samples; Page-Hinkley and CUSUM should not).
 *
 * @param detections  indices of the samples on which the detector reported a change
 * @param delays      per change of the stream: the index of the first report at or after it (and
 *                    before the next change) minus the change's index; empty when it was missed
 * @param falseAlarms reports before the stream's first change (for a stationary stream: all of them)
 * @param repeats     reports after the first report of the same regime
 */
record DetectorTrial(List<Integer> detections, List<OptionalInt> delays, int falseAlarms, int repeats) {

    public DetectorTrial {
        detections = List.copyOf(detections);
        delays = List.copyOf(delays);
    }

    /** Feeds every sample of {@code stream} to {@code detector} (its update method), in order. */
    static DetectorTrial run(DoublePredicate detector, LabelledStream stream) {
        List<Integer> detections = new ArrayList<>();
        double[] values = stream.values();
        for (int i = 0; i < values.length; i++) {
            if (detector.test(values[i])) {
                detections.add(i);
            }
        }
        return score(detections, stream);
    }

    static DetectorTrial score(List<Integer> detections, LabelledStream stream) {
        List<Integer> changes = stream.changes();
        int firstChange = changes.isEmpty() ? stream.values().length : changes.get(0);
        int falseAlarms = (int) detections.stream().filter(d -> d < firstChange).count();
        List<OptionalInt> delays = new ArrayList<>();
        int firsts = 0;
        for (int c = 0; c < changes.size(); c++) {
            int start = changes.get(c);
            int end = c + 1 < changes.size() ? changes.get(c + 1) : stream.values().length;
            OptionalInt first = detections.stream().filter(d -> d >= start && d < end).mapToInt(d -> d - start).findFirst();
            delays.add(first);
            firsts += first.isPresent() ? 1 : 0;
        }
        return new DetectorTrial(detections, delays, falseAlarms, detections.size() - falseAlarms - firsts);
    }
}
