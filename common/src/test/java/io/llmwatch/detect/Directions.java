package io.llmwatch.detect;

import java.util.List;
import java.util.stream.IntStream;

/** The direction of each change a detector reports on a stream. */
final class Directions {

    private Directions() {
    }

    static List<ChangeDirection> reported(ChangeDetector detector, LabelledStream stream) {
        return IntStream.range(0, stream.values().length)
                .filter(i -> detector.update(stream.values()[i]))
                .mapToObj(i -> detector.lastChange().orElseThrow().direction())
                .toList();
    }
}
