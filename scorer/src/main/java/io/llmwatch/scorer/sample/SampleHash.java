package io.llmwatch.scorer.sample;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic sampling: a call_id maps to a fixed number, uniform in [0, 1), and the call is
 * sampled when that number is below the task's rate. So a re-delivered call gets the same answer,
 * and raising the rate only adds calls. FNV-1a over the bytes, finished with SplitMix64's mixer;
 * a hash unrelated to Kafka's murmur2 partitioning of the same key, so that which calls are
 * sampled does not depend on which partition they are on.
 */
final class SampleHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SampleHash() {
    }

    /** The call_id's number in [0, 1). */
    static double unit(String callId) {
        long h = FNV_OFFSET;
        for (byte b : callId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    static boolean sampled(String callId, double rate) {
        return unit(callId) < rate;
    }
}
