package io.llmwatch.drift;

import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.time.Duration;
import java.time.Instant;

/** Builds the per-window statistics the scorer would publish for one model of a task. */
public final class StatsBuilder {

    public static final String APP = "support";
    public static final String TASK = "summarize-ticket";
    public static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    public static final Duration WINDOW = Duration.ofHours(1);

    private final String model;
    private long calls = 600;
    private long errors;
    private Double costPerCall;
    private Double quality;
    private long qualityN;
    private Double p95;
    private long unpriced;
    private long inputTokensPerCall = 800;
    private long outputTokensPerCall = 200;

    private StatsBuilder(String model) {
        this.model = model;
    }

    public static StatsBuilder model(String model) {
        return new StatsBuilder(model);
    }

    /** The {@code index}-th window after {@link #T0}. */
    public static TimeWindow window(int index) {
        Instant start = T0.plus(WINDOW.multipliedBy(index));
        return new TimeWindow(start, start.plus(WINDOW));
    }

    public StatsBuilder calls(long calls) {
        this.calls = calls;
        return this;
    }

    public StatsBuilder errors(long errors) {
        this.errors = errors;
        return this;
    }

    /** Every call priced at this cost; without it no call is priced. */
    public StatsBuilder cost(double costPerCall) {
        this.costPerCall = costPerCall;
        return this;
    }

    public StatsBuilder quality(double mean, long n) {
        this.quality = mean;
        this.qualityN = n;
        return this;
    }

    /** Of the calls, this many have no cost (the rest are priced at {@link #cost}). */
    public StatsBuilder unpriced(long calls) {
        this.unpriced = calls;
        return this;
    }

    /** Token usage per call (default 800 in, 200 out). */
    public StatsBuilder tokens(long inputPerCall, long outputPerCall) {
        this.inputTokensPerCall = inputPerCall;
        this.outputTokensPerCall = outputPerCall;
        return this;
    }

    public StatsBuilder p95(double millis) {
        this.p95 = millis;
        return this;
    }

    public ModelStats in(int window) {
        long priced = costPerCall == null ? 0 : calls - unpriced;
        double costSum = costPerCall == null ? 0 : costPerCall * priced;
        return new ModelStats(null, APP, TASK, model, window(window), calls, errors, priced, calls - priced, costSum,
                priced == 0 ? null : costPerCall, calls * inputTokensPerCall, calls * outputTokensPerCall,
                p95 == null ? null : p95 / 2, p95, quality, qualityN, null);
    }
}
