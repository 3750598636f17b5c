package io.llmwatch.scorer.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.stats.ClopperPearson;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The maintenance rule over many call ids: the rate it keeps, and the calls it picks. */
class MaintenanceRateTest {

    private static final int CALLS = 200_000;

    @Test
    void a_decided_candidate_is_replayed_on_the_maintenance_share_of_sampled_calls() {
        double sampleRate = 0.05;
        double maintenanceRate = 0.005;
        // Given 200,000 call ids, of which those sampled at 5 %
        long sampled = ids().filter(id -> SampleHash.sampled(id, sampleRate)).count();
        // When the decided candidate is kept on the calls within the maintenance rate of 0.5 %
        long maintained = ids().filter(id -> SampleHash.sampled(id, sampleRate))
                .filter(id -> MaintenanceRate.replays(id, true, maintenanceRate)).count();
        long undecided = ids().filter(id -> SampleHash.sampled(id, sampleRate))
                .filter(id -> MaintenanceRate.replays(id, false, maintenanceRate)).count();

        // Then the rate over all calls is 0.5 %: its 95 % Clopper–Pearson interval holds it
        assertThat(ClopperPearson.upper(maintained, CALLS, 0.95)).isGreaterThanOrEqualTo(maintenanceRate);
        assertThat(1 - ClopperPearson.upper(CALLS - maintained, CALLS, 0.95)).isLessThanOrEqualTo(maintenanceRate);
        // and an undecided candidate is replayed on every sampled call
        assertThat(undecided).isEqualTo(sampled);
    }

    @Test
    void the_maintained_calls_are_a_subset_of_the_sampled_ones() {
        assertThat(ids().filter(id -> MaintenanceRate.replays(id, true, 0.01)))
                .allMatch(id -> SampleHash.sampled(id, 0.05));
    }

    private static Stream<String> ids() {
        return IntStream.range(0, CALLS).mapToObj(i -> "call-" + i);
    }
}
