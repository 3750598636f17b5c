package io.llmwatch.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.time.Duration;
import java.util.List;

/**
 * How the drift detector watches models and runs and when it alerts (configured under {@code alerts:}).
 *
 * <p>A metric (quality, cost per call, p95 latency, error rate, a candidate's paired delta) drifts
 * when three things hold together: a Page-Hinkley detector over its per-window values reports a
 * change in the bad direction (statistical), the value is more than its band away from the level
 * before (material), and it stays there for {@code confirm_windows} samples in a row (sustained).
 * It resolves when the value is back within the band for {@code confirm_windows} samples.
 *
 * @param cooldown          a condition that is still true is re-sent at most this often; default 1h
 * @param confirmWindows    K: samples in a row a change must hold before it fires, and a fired
 *                          condition must be back within its band before it resolves; default 2
 * @param minCalls          a sample pools consecutive windows until it covers this many calls (pairs
 *                          for a candidate's paired delta), so sparse traffic does not turn noise into
 *                          changes; default 50
 * @param qualityBand       how far quality (and a paired delta) may fall before it is material;
 *                          null = the task's non-inferiority margin
 * @param costBand          relative rise of cost per call that is material; default 0.20 (+20 %)
 * @param latencyBand       relative rise of p95 latency that is material; default 0.25 (+25 %)
 * @param errorRateBand     absolute rise of the error rate that is material; default 0.03 (3 points)
 * @param detectorDelta     Page-Hinkley's δ as a fraction of the band: smaller shifts never accumulate;
 *                          default 0.5
 * @param detectorLambda    Page-Hinkley's λ as a multiple of the band; default 3
 * @param tokenSpiral       when an agent run counts as a token spiral
 */
public record AlertsConfig(
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration cooldown,
        Integer confirmWindows,
        Long minCalls,
        Double qualityBand,
        Double costBand,
        Double latencyBand,
        Double errorRateBand,
        Double detectorDelta,
        Double detectorLambda,
        TokenSpiral tokenSpiral) {

    public static final AlertsConfig DEFAULT = new AlertsConfig(Duration.ofHours(1), 2, 50L, null, 0.20, 0.25, 0.03,
            0.5, 3.0, TokenSpiral.DEFAULT);

    /**
     * When a run (the calls of one {@code trace_id}, else {@code session_id}, of one task) is a token
     * spiral: it has at least {@code minCalls} calls and {@code minTokens} tokens, {@code factor}
     * times the tokens of the task's typical run (the median of its last finished runs, once
     * {@code minRuns} have finished), and it does not converge: at least {@code repeatShare} of its
     * calls repeat a recent call's model and input size, or it has {@code factor} times the typical
     * run's calls.
     *
     * @param idle        a run is finished when it has had no call for this long (event time); default 10m
     * @param minCalls    default 20
     * @param minTokens   default 100,000
     * @param factor      default 10
     * @param minRuns     finished runs needed before the task's typical run is trusted; default 5
     * @param repeatShare default 0.5
     */
    public record TokenSpiral(
            @JsonDeserialize(using = DurationText.Deserializer.class) Duration idle,
            Integer minCalls,
            Long minTokens,
            Double factor,
            Integer minRuns,
            Double repeatShare) {

        public static final TokenSpiral DEFAULT = new TokenSpiral(Duration.ofMinutes(10), 20, 100_000L, 10.0, 5, 0.5);

        public TokenSpiral orElse(TokenSpiral fallback) {
            return new TokenSpiral(
                    idle != null ? idle : fallback.idle,
                    minCalls != null ? minCalls : fallback.minCalls,
                    minTokens != null ? minTokens : fallback.minTokens,
                    factor != null ? factor : fallback.factor,
                    minRuns != null ? minRuns : fallback.minRuns,
                    repeatShare != null ? repeatShare : fallback.repeatShare);
        }
    }

    /** This config with every unset field taken from {@code fallback} ({@code qualityBand} stays null if both are). */
    public AlertsConfig orElse(AlertsConfig fallback) {
        return new AlertsConfig(
                cooldown != null ? cooldown : fallback.cooldown,
                confirmWindows != null ? confirmWindows : fallback.confirmWindows,
                minCalls != null ? minCalls : fallback.minCalls,
                qualityBand != null ? qualityBand : fallback.qualityBand,
                costBand != null ? costBand : fallback.costBand,
                latencyBand != null ? latencyBand : fallback.latencyBand,
                errorRateBand != null ? errorRateBand : fallback.errorRateBand,
                detectorDelta != null ? detectorDelta : fallback.detectorDelta,
                detectorLambda != null ? detectorLambda : fallback.detectorLambda,
                tokenSpiral == null ? fallback.tokenSpiral
                        : fallback.tokenSpiral == null ? tokenSpiral : tokenSpiral.orElse(fallback.tokenSpiral));
    }

    /** Field errors, each prefixed with {@code alerts}. */
    List<FieldError> validate() {
        Checks checks = new Checks()
                .check(!cooldown.isNegative(), "alerts.cooldown", "must not be negative")
                .check(confirmWindows >= 1, "alerts.confirm_windows", "must be >= 1")
                .check(minCalls >= 1, "alerts.min_calls", "must be >= 1")
                .check(qualityBand == null || qualityBand > 0, "alerts.quality_band", "must be > 0")
                .check(costBand > 0, "alerts.cost_band", "must be > 0")
                .check(latencyBand > 0, "alerts.latency_band", "must be > 0")
                .check(errorRateBand > 0, "alerts.error_rate_band", "must be > 0")
                .check(detectorDelta >= 0, "alerts.detector_delta", "must be >= 0")
                .check(detectorLambda > 0, "alerts.detector_lambda", "must be > 0")
                .check(tokenSpiral.idle().toMillis() > 0, "alerts.token_spiral.idle", "must be positive")
                .check(tokenSpiral.minCalls() >= 1, "alerts.token_spiral.min_calls", "must be >= 1")
                .check(tokenSpiral.minTokens() >= 0, "alerts.token_spiral.min_tokens", "must be >= 0")
                .check(tokenSpiral.factor() > 1, "alerts.token_spiral.factor", "must be > 1")
                .check(tokenSpiral.minRuns() >= 1, "alerts.token_spiral.min_runs", "must be >= 1")
                .check(tokenSpiral.repeatShare() > 0 && tokenSpiral.repeatShare() <= 1,
                        "alerts.token_spiral.repeat_share", "must be in (0, 1]");
        return checks.errors();
    }
}
