package io.llmwatch.sim;

import java.nio.charset.StandardCharsets;

/** Stable 64-bit hashes and the uniform draws derived from them: the simulation's only randomness. */
final class Hashing {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** FNV-1a over the UTF-8 bytes of every part, with a separator, so ("ab","c") differs from ("a","bc"). */
    static long hash(Object... parts) {
        long h = FNV_OFFSET;
        for (Object part : parts) {
            for (byte b : String.valueOf(part).getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * FNV_PRIME;
            }
            h = (h ^ 0x1f) * FNV_PRIME;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser: spreads FNV's weak low bits over the whole word. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniform draw in [0, 1) determined by the parts. */
    static double uniform(Object... parts) {
        return (hash(parts) >>> 11) * 0x1.0p-53;
    }
}
