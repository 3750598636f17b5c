package io.llmwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Page-Hinkley's mechanics. Its figures on seeded streams are measured beside CUSUM and ADWIN by
 * {@code llmwatch bench} and its tests (app, {@code io.llmwatch.app.bench.detect}).
 */
class PageHinkleyTest {

    private static final PageHinkley.Params EAGER = new PageHinkley.Params(0.1, 1, 1, 3);

    @Test
    void reportsAStepOnceInItsDirectionWithTheLevelsBeforeAndAfter() {
        PageHinkley detector = new PageHinkley(EAGER);
        int reports = 0;
        for (int i = 0; i < 100; i++) {
            reports += detector.update(i < 50 ? 0.2 : 0.8) ? 1 : 0;
        }

        assertThat(reports).isEqualTo(1);
        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.UP);
        assertThat(change.before()).isCloseTo(0.2, within(1e-12));
        assertThat(change.after()).isCloseTo(0.8, within(1e-12));

        boolean fell = false;
        for (int i = 0; i < 20 && !fell; i++) {
            fell = detector.update(0.3);
        }
        assertThat(fell).isTrue();
        assertThat(detector.lastChange().orElseThrow().direction()).isEqualTo(ChangeDirection.DOWN);
    }

    @Test
    void reportsNothingBeforeItsMinimumSamples() {
        PageHinkley detector = new PageHinkley(new PageHinkley.Params(0, 0.5, 1, 30));

        for (int i = 0; i < 29; i++) {
            assertThat(detector.update(i % 2 == 0 ? 0 : 10)).isFalse();
        }
        assertThat(detector.samples()).isEqualTo(29);
    }

    @Test
    void reArmsAfterADetectionAndResetForgetsEverything() {
        PageHinkley detector = new PageHinkley(EAGER);
        for (int i = 0; i < 50; i++) {
            detector.update(0.2);
        }
        int detectedAt = 50;
        while (!detector.update(0.8)) {
            detectedAt++;
        }
        assertThat(detectedAt).isLessThan(60);
        assertThat(detector.samples()).isZero();
        assertThat(detector.estimate()).isNaN();
        assertThat(detector.lastChange()).isPresent();

        detector.update(0.5);
        detector.reset();
        assertThat(detector.lastChange()).isEmpty();
        assertThat(detector.samples()).isZero();
        assertThat(detector.estimate()).isNaN();
    }

    @Test
    void rejectsParametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new PageHinkley.Params(-0.1, 35, 1, 30)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 0, 1, 30)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 35, 1.1, 30)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 35, 1, 0)).hasMessageContaining("min samples");
    }
}
