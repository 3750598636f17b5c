package io.llmwatch.scorer.sample;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * One of a task's recent calls ({@link RecentCalls}).
 *
 * @param seq      its sequence number among the task's stored calls
 * @param replayed the models it has been sent to replay against already (each call and model is
 *                 replayed at most once, so a result id names one replay)
 */
record RecentCall(long seq, StoredCall call, Set<String> replayed) {

    RecentCall {
        replayed = replayed == null ? Set.of() : Set.copyOf(replayed);
    }

    RecentCall withReplayed(Collection<String> models) {
        Set<String> all = new TreeSet<>(replayed);
        all.addAll(models);
        return new RecentCall(seq, call, all);
    }
}
