package io.llmwatch.drift.recommend;

import io.llmwatch.event.ModelStanding;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one recommendation: the best model of the moment and how every model stood.
 *
 * @param incumbent the model in production the candidates were compared with
 * @param best      the model to recommend now, or null when nothing is known about the task yet
 * @param standings the incumbent first, then the candidates in name order
 */
public record Choice(String incumbent, String best, List<ModelStanding> standings) {

    public Choice {
        standings = List.copyOf(standings);
    }

    public Optional<ModelStanding> standing(String model) {
        return standings.stream().filter(s -> s.model().equals(model)).findFirst();
    }

    /** Whether {@code model} had evidence and met every condition. */
    public boolean eligible(String model) {
        return standing(model).map(ModelStanding::eligible).orElse(false);
    }
}
