package io.llmwatch.drift.recommend;

import io.llmwatch.event.ModelStanding;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one recommendation: the best model of the moment and how every model stood.
 *
 * @param best          the model to recommend now, or null when no model is eligible
 * @param qualityLeader the usable model with the highest mean quality, which sets the bar the
 *                      margin is measured from; null when no model is usable
 * @param standings     one per model, in model-name order
 */
public record Choice(String best, String qualityLeader, List<ModelStanding> standings) {

    public Choice {
        standings = List.copyOf(standings);
    }

    public Optional<ModelStanding> standing(String model) {
        return standings.stream().filter(s -> s.model().equals(model)).findFirst();
    }

    /** Whether {@code model} had data and met every condition. */
    public boolean eligible(String model) {
        return standing(model).map(ModelStanding::eligible).orElse(false);
    }
}
