package io.llmwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.json.Json;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final double M = 0.02;

    @Test
    void followsDesignSectionFour() {
        assertThat(Verdict.of(new Interval(0.001, 0.3, 0.95), M)).isEqualTo(Verdict.BETTER);
        assertThat(Verdict.of(new Interval(-0.019, 0.3, 0.95), M)).isEqualTo(Verdict.NON_INFERIOR);
        assertThat(Verdict.of(new Interval(-0.019, 0.0, 0.95), M)).isEqualTo(Verdict.NON_INFERIOR);
        assertThat(Verdict.of(new Interval(-0.5, -0.021, 0.95), M)).isEqualTo(Verdict.WORSE);
        // a CI straddling zero is not a green light
        assertThat(Verdict.of(new Interval(-0.031, 0.019, 0.95), M)).isEqualTo(Verdict.INCONCLUSIVE);
        // bounds exactly on a boundary do not clear it
        assertThat(Verdict.of(new Interval(0, 0.3, 0.95), M)).isEqualTo(Verdict.NON_INFERIOR);
        assertThat(Verdict.of(new Interval(-M, 0.3, 0.95), M)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(new Interval(-0.3, -M, 0.95), M)).isEqualTo(Verdict.INCONCLUSIVE);
        // with no margin, non-inferiority means "not worse at all"
        assertThat(Verdict.of(new Interval(-0.001, 0.3, 0.95), 0)).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void rejectsANegativeOrMissingMargin() {
        Interval interval = new Interval(-0.1, 0.1, 0.95);
        assertThatThrownBy(() -> Verdict.of(interval, -0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.of(interval, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialisesInLowerCase() throws Exception {
        assertThat(Json.mapper().writeValueAsString(Verdict.NON_INFERIOR)).isEqualTo("\"non_inferior\"");
        assertThat(Json.mapper().readValue("\"worse\"", Verdict.class)).isEqualTo(Verdict.WORSE);
        assertThat(Verdict.NON_INFERIOR.goodEnough()).isTrue();
        assertThat(Verdict.INCONCLUSIVE.goodEnough()).isFalse();
    }

    @Test
    void intervalIsValidatedAndSerialisesItsComponentsOnly() throws Exception {
        assertThatThrownBy(() -> new Interval(0.2, 0.1, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(Double.NaN, 0.1, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(0, 0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        Interval interval = new Interval(-0.25, 0.5, 0.95);
        String json = Json.mapper().writeValueAsString(interval);
        assertThat(json).isEqualTo("{\"lower\":-0.25,\"upper\":0.5,\"level\":0.95}");
        assertThat(Json.mapper().readValue(json, Interval.class)).isEqualTo(interval);
    }
}
