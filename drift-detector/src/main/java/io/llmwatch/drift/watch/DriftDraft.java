package io.llmwatch.drift.watch;

import io.llmwatch.detect.ChangeDirection;
import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.drift.watch.MetricWatch.Step;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.text.Texts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The alert draft for a step of a {@link MetricWatch}: what the figure did, in one sentence and in
 * numbers. A draft has no id and no detection time yet: the alert lifecycle decides whether it is
 * sent, and stamps it then.
 *
 * @param metric    the figure
 * @param subject   the model it belongs to
 * @param step      the step
 * @param band      the band as configured (absolute, or a fraction for cost and latency)
 * @param confirm   samples in a row that confirm a change or its end
 * @param costCause for cost: why it rose; else null
 */
record DriftDraft(WatchedMetric metric, ModelKey subject, Step step, double band, int confirm,
        CostCause costCause) {

    private static final Duration MONTH = Duration.ofDays(30);
    private static final String DETECTOR = "page_hinkley";

    /** The draft of a step that has something to report, else empty. */
    Optional<DriftAlert> draft() {
        if (step.outcome() == Outcome.QUIET) {
            return Optional.empty();
        }
        boolean resolved = step.outcome() == Outcome.RESOLVED;
        return Optional.of(new DriftAlert(null, null, metric.alertType(), severity(), subject.app(), subject.taskType(),
                subject.model(), null, new TimeWindow(step.run().since(), step.sample().window().end()),
                resolved ? resolvedSummary() : firingSummary(), evidence(), dedupKey(),
                resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING));
    }

    String dedupKey() {
        return DedupKeys.model(metric.alertType(), subject);
    }

    double before() {
        return Figures.rounded(metric.unscale(step.reference().value()));
    }

    double after() {
        return Figures.rounded(metric.unscale(step.run().level().value()));
    }

    /** A change three or more bands wide is critical. */
    private Severity severity() {
        double deviation = metric.badDeviation(step.run().level().value(), step.reference().value());
        return deviation >= 3 * metric.scaledBand(band) ? Severity.CRITICAL : Severity.WARNING;
    }

    /** {@code support/summarize-ticket: gpt-4.1 quality fell from 0.918 to 0.842 (Page-Hinkley, n=1,020 calls) since …}. */
    private String firingSummary() {
        String text = subject.task() + ": " + who() + " " + (metric.bad() == ChangeDirection.UP ? "rose" : "fell")
                + " from " + Figures.value(metric, before()) + " to " + Figures.value(metric, after())
                + relativeChange() + " (Page-Hinkley, n=" + Texts.count(step.run().level().n()) + " " + units() + ") since "
                + Figures.minute(step.run().since());
        return costCause == null ? text : text + ": " + costCause.text(before(), after());
    }

    /** {@code support/summarize-ticket: gpt-4.1 quality is back to 0.915, within 0.02 of 0.918 for 2 samples; it had fallen to 0.842 since …}. */
    private String resolvedSummary() {
        Level recovery = step.run().recovery();
        return subject.task() + ": " + who() + " is back to " + Figures.value(metric, metric.unscale(recovery.value()))
                + ", within " + bandText() + " of " + Figures.value(metric, before()) + " for " + recovery.samples()
                + (recovery.samples() == 1 ? " sample" : " samples") + "; it had "
                + (metric.bad() == ChangeDirection.UP ? "risen" : "fallen") + " to "
                + Figures.value(metric, after()) + " since " + Figures.minute(step.run().since());
    }

    private String who() {
        return subject.model() + " " + metric.label();
    }

    private String units() {
        return metric == WatchedMetric.COST ? "priced calls" : "calls";
    }

    private String relativeChange() {
        return metric.relative() ? ", " + Figures.change(after() / before()) : "";
    }

    private String bandText() {
        if (metric.relative()) {
            return Math.round(band * 100) + " %";
        }
        return metric == WatchedMetric.ERROR_RATE ? Texts.number(Math.round(band * 1000) / 10.0) + " points" : Texts.number(band);
    }

    private Evidence evidence() {
        MetricWatch.Run run = step.run();
        long n = run.level().n();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", metric.name().toLowerCase(Locale.ROOT));
        details.put("detector", DETECTOR);
        details.put("band", band);
        details.put("before", before());
        details.put("after", after());
        details.put("before_n", step.reference().n());
        details.put("samples", run.level().samples());
        details.put("since", run.since().toString());
        if (run.recovery().samples() > 0) {
            details.put("now", Figures.rounded(metric.unscale(run.recovery().value())));
        }
        Double costBefore = null;
        Double costAfter = null;
        Double callsPerMonth = null;
        Double savings = null;
        if (metric == WatchedMetric.COST) {
            costBefore = before();
            costAfter = after();
            callsPerMonth = callsPerMonth(n);
            savings = callsPerMonth == null ? null : Figures.rounded((costBefore - costAfter) * callsPerMonth);
            if (costCause != null) {
                costCause.addTo(details, costBefore, costAfter);
            }
        }
        boolean quality = metric == WatchedMetric.QUALITY;
        return new Evidence(subject.model(), null, quality ? before() : null, quality ? step.reference().n() : null,
                quality ? after() : null, quality ? n : null, Figures.rounded(after() - before()), null, null, n, costBefore, costAfter,
                callsPerMonth, savings, details);
    }

    /** The model's priced calls since the change, extrapolated to 30 days. */
    private Double callsPerMonth(long n) {
        long millis = Duration.between(step.run().since(), step.sample().window().end()).toMillis();
        return millis <= 0 ? null : Figures.rounded((double) n * MONTH.toMillis() / millis);
    }
}
