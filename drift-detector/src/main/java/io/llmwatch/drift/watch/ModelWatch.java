package io.llmwatch.drift.watch;

import java.time.Instant;
import java.util.Map;

/**
 * What the drift detector remembers about one model of one task, in its persistent store.
 *
 * @param lastWindow start of the latest window observed: statistics of it or an earlier one are a
 *                   repeat and are ignored
 * @param pools      per figure, the windows pooled so far towards its next sample
 * @param watches    per figure, its detector and condition
 * @param price      whether its prices are unknown or stale
 */
record ModelWatch(Instant lastWindow, Map<WatchedMetric, Pool> pools, Map<WatchedMetric, MetricWatch> watches,
        PriceWatch price) {

    static final ModelWatch NEW = new ModelWatch(null, Map.of(), Map.of(), PriceWatch.NEW);

    ModelWatch {
        pools = pools == null ? Map.of() : Map.copyOf(pools);
        watches = watches == null ? Map.of() : Map.copyOf(watches);
        price = price == null ? PriceWatch.NEW : price;
    }
}
