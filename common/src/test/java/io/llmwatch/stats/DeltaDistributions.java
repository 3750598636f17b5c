package io.llmwatch.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Bounded paired-delta distributions with known means, for the simulations. */
final class DeltaDistributions {

    private DeltaDistributions() {
    }

    /** A judge with three outcomes: +1 (candidate wins), 0 (tie), -1 (incumbent wins). */
    static double threePoint(SplittableRandom random, double pWin, double pLoss) {
        double u = random.nextDouble();
        return u < pWin ? 1 : u < pWin + pLoss ? -1 : 0;
    }

    /**
     * {@code low + (high - low) * B} with {@code B ~ Beta(k, n + 1 - k)}, drawn as the k-th smallest
     * of n uniforms; its mean is {@code low + (high - low) * k / (n + 1)}.
     */
    static double scaledBeta(SplittableRandom random, int k, int n, double low, double high) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = random.nextDouble();
        }
        Arrays.sort(u);
        return low + (high - low) * u[k - 1];
    }

    /** Gaussian noise around {@code mean} with standard deviation {@code sd}, clipped to [-1, 1]. */
    static double clippedNormal(SplittableRandom random, double mean, double sd) {
        double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.max(-1, Math.min(1, mean + sd * z));
    }
}
