package io.llmwatch.event;

import java.time.Instant;
import java.util.List;

/**
 * What the replay worker did with one replay request (schema {@value #SCHEMA}), on the compacted
 * {@code llmwatch.replay.ledger}, keyed by the request's {@link #requestId}: {@code started} is
 * written and acknowledged before any provider is called, {@code finished} once every result of the
 * request was acknowledged on {@code llmwatch.replay.results}. A worker that takes over a partition
 * reads the ledger first, so a request a crashed worker finished is not replayed again, and one it
 * started is not sent again to a provider that might already have been paid (docs/fault-suite.md,
 * "The replay ledger").
 *
 * @param requestId  {@code call_id}, with {@code @<campaign_id>} for a campaign's replay
 * @param state      {@link #STARTED} or {@link #FINISHED}
 * @param targets    the models replayed
 * @param at         when it was written
 */
public record ReplayLedgerEntry(String schema, String requestId, String callId, String campaignId, String state,
        List<String> targets, Instant at) {

    public static final String SCHEMA = "llmwatch.replay-ledger.v1";
    public static final String STARTED = "started";
    public static final String FINISHED = "finished";

    public ReplayLedgerEntry {
        if (schema == null) {
            schema = SCHEMA;
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The entry of {@code request} in {@code state}. */
    public static ReplayLedgerEntry of(ReplayRequest request, String state, Instant at) {
        return new ReplayLedgerEntry(SCHEMA, requestId(request), request.callId(), request.campaignId(), state,
                request.targets(), at);
    }

    /** One replay of a call: the sampler's (one per call), or a campaign's (one per call and campaign). */
    public static String requestId(ReplayRequest request) {
        return request.campaignId() == null ? request.callId() : request.callId() + "@" + request.campaignId();
    }

    /**
     * The key a provider that honours {@code Idempotency-Key} deduplicates {@code model}'s replay of
     * {@code request} by: the same on every retry and after every crash.
     */
    public static String idempotencyKey(ReplayRequest request, String model) {
        return "llmwatch-replay:" + requestId(request) + "/" + model;
    }

    public boolean finished() {
        return FINISHED.equals(state);
    }
}
