package io.llmwatch.app.bench.detect;

import io.llmwatch.detect.Change;
import io.llmwatch.detect.ChangeDirection;
import io.llmwatch.detect.PageHinkley;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** The direction of each change a detector reports on a stream. */
final class Directions {

    private Directions() {
    }

    static List<ChangeDirection> reported(PageHinkley detector, LabelledStream stream) {
        return reported(detector::update, detector::lastChange, stream);
    }

    static List<ChangeDirection> reported(Cusum detector, LabelledStream stream) {
        return reported(detector::update, detector::lastChange, stream);
    }

    static List<ChangeDirection> reported(Adwin detector, LabelledStream stream) {
        return reported(detector::update, detector::lastChange, stream);
    }

    private static List<ChangeDirection> reported(DoublePredicate update, Supplier<Optional<Change>> lastChange,
            LabelledStream stream) {
        return IntStream.range(0, stream.values().length)
                .filter(i -> update.test(stream.values()[i]))
                .mapToObj(i -> lastChange.get().orElseThrow().direction())
                .toList();
    }
}
