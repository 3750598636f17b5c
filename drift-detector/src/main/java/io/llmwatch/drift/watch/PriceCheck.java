package io.llmwatch.drift.watch;

import io.llmwatch.event.ModelStats;
import io.llmwatch.price.PriceCatalog;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Whether one window of a model was priced properly: every call has a cost, and the price came
 * from a current list. A live {@code price/<model>} entry counts as current; the catalog's is
 * stale when the catalog's {@code as_of} is more than {@code prices.max_age_days} before the window.
 *
 * @param reason        {@code unknown_model} (not in the catalog, no live price), {@code unknown_usage}
 *                      (priced model, but calls without token counts), {@code stale_catalog}, or null
 * @param unpricedCalls calls of the window without a cost
 * @param calls         calls of the window
 * @param catalogAgeDays the catalog's age on the window's last day
 */
record PriceCheck(String reason, long unpricedCalls, long calls, long catalogAgeDays) {

    static final String UNKNOWN_MODEL = "unknown_model";
    static final String UNKNOWN_USAGE = "unknown_usage";
    static final String STALE_CATALOG = "stale_catalog";

    static PriceCheck of(ModelStats stats, PriceCatalog catalog, boolean livePrice, int maxAgeDays) {
        LocalDate day = LocalDate.ofInstant(stats.window().end(), ZoneOffset.UTC);
        long age = ChronoUnit.DAYS.between(catalog.asOf(), day);
        boolean listed = catalog.find(stats.model()).isPresent();
        String reason;
        if (stats.unpricedCalls() > 0) {
            reason = !listed && !livePrice ? UNKNOWN_MODEL : UNKNOWN_USAGE;
        } else if (listed && !livePrice && catalog.isStale(day, maxAgeDays)) {
            reason = STALE_CATALOG;
        } else {
            reason = null;
        }
        return new PriceCheck(reason, stats.unpricedCalls(), stats.calls(), age);
    }

    boolean bad() {
        return reason != null;
    }

    boolean stale() {
        return STALE_CATALOG.equals(reason);
    }
}
