package io.llmwatch.collector.proxy;

/**
 * One HTTP attempt of a logical call.
 *
 * @param callId       the logical call's id, shared by all its attempts
 * @param number       0 for the first attempt, the SDK's {@code X-Stainless-Retry-Count} for retries
 * @param failedBefore earlier attempts of the same logical call that failed and were superseded
 * @param identity     what recognises the call's retries (see {@link RetryTracker}); null when the
 *                     caller does not retry on its own
 */
record Attempt(String callId, int number, int failedBefore, String identity) {
}
