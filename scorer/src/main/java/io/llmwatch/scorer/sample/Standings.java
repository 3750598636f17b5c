package io.llmwatch.scorer.sample;

import io.llmwatch.event.Comparison;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.ModelKey;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where each candidate's comparison stands, as the sampler needs it to spend where it decides
 * something (docs/decisions.md): a candidate whose comparison with the task's reference is decided
 * ({@code monitoring} or {@code decided}) is replayed only at the task's {@code maintenance_rate}; one
 * still accumulating evidence, or alarmed, at the full {@code sample_rate}. Kept per
 * {@code app/task/candidate} from the comparisons the scorer publishes.
 */
final class Standings {

    private final KeyValueStore<String, Standing> store;

    Standings(KeyValueStore<String, Standing> store) {
        this.store = store;
    }

    void remember(Standing standing) {
        store.put(standing.key().toString(), standing);
    }

    /**
     * Whether {@code key}'s comparison with {@code reference} is decided. A comparison with another
     * model (the reference was changed) no longer counts: the new one starts undecided.
     */
    boolean decided(ModelKey key, String reference) {
        Standing standing = store.get(key.toString());
        return standing != null && standing.incumbent().equals(reference) && standing.decided();
    }

    /**
     * A candidate's latest comparison state.
     *
     * @param incumbent the model it was compared with (the task's reference)
     */
    record Standing(String app, String taskType, String candidate, String incumbent, EvidenceState state) {

        static Standing of(Comparison comparison) {
            return new Standing(comparison.app(), comparison.taskType(), comparison.candidate(), comparison.incumbent(),
                    comparison.state());
        }

        ModelKey key() {
            return new ModelKey(app, taskType, candidate);
        }

        boolean decided() {
            return MaintenanceRate.decided(state);
        }
    }
}
