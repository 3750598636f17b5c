package io.llmwatch.drift.watch;

import io.llmwatch.text.Texts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the watched figures are written in alert summaries. */
final class Figures {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final MathContext SIX_DIGITS = new MathContext(6);

    private Figures() {
    }

    /** A value of a figure in its own units: {@code 0.918}, {@code $0.0100}, {@code 900 ms}, {@code 0.5 %}. */
    static String value(WatchedMetric metric, double value) {
        return switch (metric) {
            case QUALITY -> Texts.quality(value);
            case COST -> usdPerCall(value);
            case LATENCY -> Texts.millis(value);
            case ERROR_RATE -> Texts.percent(value);
        };
    }

    /** A cost per call, with three significant digits below a dollar: {@code $0.0100}, {@code $0.000412}. */
    static String usdPerCall(double usd) {
        if (Math.abs(usd) >= 1 || usd == 0) {
            return Texts.usd(usd);
        }
        int decimals = Math.max(2, 2 - (int) Math.floor(Math.log10(Math.abs(usd))));
        return "$" + String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(usd));
    }

    /** A relative change: {@code +50 %}, {@code −12 %}. */
    static String change(double ratio) {
        long percent = Math.round((ratio - 1) * 100);
        return (percent < 0 ? "−" + -percent : "+" + percent) + " %";
    }

    /** A span as people say it, to the minute from a minute on: {@code 45 s}, {@code 18 min}, {@code 2 h 5 min}. */
    static String duration(Duration span) {
        long seconds = span.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /**
     * A figure for the evidence, to six significant digits: the watched levels are estimates, and
     * {@code 0.010000000000000004} from a round trip through a logarithm would only distract.
     */
    static double rounded(double value) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        return new BigDecimal(value).round(SIX_DIGITS).doubleValue();
    }

    /** A moment to the minute: {@code 2026-11-02 14:00 UTC}. */
    static String minute(Instant at) {
        return MINUTE.format(at);
    }
}
