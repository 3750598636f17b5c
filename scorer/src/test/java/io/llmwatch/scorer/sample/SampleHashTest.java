package io.llmwatch.scorer.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The call_id hash behind sampling: uniform, fixed per call_id, and monotone in the rate. */
class SampleHashTest {

    private static final int IDS = 100_000;

    @Test
    void the_share_of_sampled_call_ids_is_the_rate() {
        for (double rate : new double[] {0.01, 0.05, 0.2, 0.5}) {
            long sampled = IntStream.range(0, IDS).filter(i -> SampleHash.sampled("call-" + i, rate)).count();
            // Binomial standard deviation at most 0.16 %: four of them
            assertThat(sampled / (double) IDS).as("rate %s", rate).isCloseTo(rate, within(0.0064));
        }
    }

    @Test
    void every_tenth_of_the_unit_interval_gets_its_share_of_random_ids() {
        int[] deciles = new int[10];
        for (int i = 0; i < IDS; i++) {
            double unit = SampleHash.unit(UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString());
            assertThat(unit).isGreaterThanOrEqualTo(0).isLessThan(1);
            deciles[(int) (unit * 10)]++;
        }
        assertThat(IntStream.of(deciles).boxed()).allSatisfy(count -> assertThat(count).isBetween(9_600, 10_400));
    }

    @Test
    void a_call_id_always_gets_the_same_answer_and_a_higher_rate_keeps_it() {
        for (int i = 0; i < 10_000; i++) {
            String id = "call-" + i;
            assertThat(SampleHash.unit(id)).isEqualTo(SampleHash.unit(new String(id.toCharArray())));
            if (SampleHash.sampled(id, 0.2)) {
                assertThat(SampleHash.sampled(id, 0.5)).isTrue();
            }
        }
    }

    @Test
    void rates_zero_and_one_sample_nothing_and_everything() {
        assertThat(IntStream.range(0, 1_000).mapToObj(i -> "id-" + i)).noneMatch(id -> SampleHash.sampled(id, 0.0))
                .allMatch(id -> SampleHash.sampled(id, 1.0));
    }
}
