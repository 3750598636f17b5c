package io.llmwatch.event;

import java.time.Instant;

/**
 * What the replay worker did with one replay request (schema {@value #SCHEMA}), on the compacted
 * {@code llmwatch.replay.ledger}, keyed by {@link #key()}: {@code sent} for one target, written and
 * acknowledged just before its request first goes out to the provider (from then on it may be paid
 * for); {@code finished} for the whole request, once every result of it was acknowledged on
 * {@code llmwatch.replay.results}. A worker that takes over a partition reads the ledger first, so a
 * request a crashed worker finished is not replayed again, and a target it sent is not sent again to
 * a provider that might already have been paid (docs/fault-suite.md, "The replay ledger").
 *
 * @param requestId {@code call_id}, with {@code @<campaign_id>} for a campaign's replay
 * @param model     the target of a {@code sent} entry; null for {@code finished}
 * @param state     {@link #SENT} or {@link #FINISHED}
 * @param at        when it was written
 */
public record ReplayLedgerEntry(String schema, String requestId, String callId, String campaignId, String model,
        String state, Instant at) {

    public static final String SCHEMA = "llmwatch.replay-ledger.v1";
    public static final String SENT = "sent";
    public static final String FINISHED = "finished";

    public ReplayLedgerEntry {
        if (schema == null) {
            schema = SCHEMA;
        }
    }

    /** {@code model}'s request of {@code request} is about to go out. */
    public static ReplayLedgerEntry sent(ReplayRequest request, String model, Instant at) {
        return new ReplayLedgerEntry(SCHEMA, requestId(request), request.callId(), request.campaignId(), model, SENT, at);
    }

    /** Every result of {@code request} was acknowledged. */
    public static ReplayLedgerEntry finished(ReplayRequest request, Instant at) {
        return new ReplayLedgerEntry(SCHEMA, requestId(request), request.callId(), request.campaignId(), null, FINISHED, at);
    }

    /** The Kafka key: the request id for {@code finished}, {@code <request id>/<model>} for {@code sent}. */
    public String key() {
        return model == null ? requestId : key(requestId, model);
    }

    /** The key of the {@code sent} entry of {@code model} in {@code request}. */
    public static String sentKey(ReplayRequest request, String model) {
        return key(requestId(request), model);
    }

    private static String key(String requestId, String model) {
        return requestId + "/" + model;
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
        return "llmwatch-replay:" + sentKey(request, model);
    }
}
