package io.llmwatch.scorer.topology;

/**
 * What the calls store holds under a call_id.
 *
 * @param since wall-clock time (ms) the entry was first written at; it is remembered for
 *              {@code pipeline.dedup_retention} from then
 * @param state what is known about the call
 */
record CallEntry(long since, CallState state) {

    CallEntry withState(CallState newState) {
        return new CallEntry(since, newState);
    }
}
