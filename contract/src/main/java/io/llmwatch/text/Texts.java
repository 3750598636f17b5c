package io.llmwatch.text;

import io.llmwatch.event.Interval;
import io.llmwatch.event.TimeWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** How figures are written in reasons and summaries that people read. */
public final class Texts {

    private Texts() {
    }

    /** A setting as it was written: {@code 0.02}, {@code 0.1}. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** {@code 0.125} → {@code 12.5 %}. */
    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    public static String millis(double millis) {
        return String.format(Locale.US, "%,.0f ms", millis);
    }

    public static String quality(double quality) {
        return String.format(Locale.ROOT, "%.3f", quality);
    }

    /** A paired delta with its sign, typographic minus: {@code +0.012}, {@code −0.004}. */
    public static String delta(double delta) {
        String text = String.format(Locale.ROOT, "%+.3f", delta);
        return text.startsWith("-") ? "−" + text.substring(1) : text;
    }

    /** {@code 95 % CS [−0.015, +0.007]}, with {@code kind} naming the interval. */
    public static String interval(String kind, Interval interval) {
        return Math.round(interval.level() * 100) + " % " + kind + " [" + delta(interval.lower()) + ", "
                + delta(interval.upper()) + "]";
    }

    /** A count people read: {@code 1,234}. */
    public static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** US dollars: whole dollars from $100 on, cents below ({@code $1,940}, {@code $3.50}). */
    public static String usd(double amount) {
        double abs = Math.abs(amount);
        return String.format(Locale.US, abs >= 100 ? "$%,.0f" : "$%,.2f", abs);
    }

    /** The length of a window as people say it: {@code 3 min}, {@code 2 h}, {@code 90 s}. */
    public static String duration(TimeWindow window) {
        Duration length = Duration.between(window.start(), window.end());
        if (length.toHoursPart() == 0 && length.toMinutesPart() == 0 && length.toSecondsPart() == 0
                && length.toDays() > 0) {
            return length.toDays() + " d";
        }
        if (length.toMinutesPart() == 0 && length.toSecondsPart() == 0 && length.toHours() > 0) {
            return length.toHours() + " h";
        }
        if (length.toSecondsPart() == 0 && length.toMinutes() > 0) {
            return length.toMinutes() + " min";
        }
        return length.toSeconds() + " s";
    }
}
