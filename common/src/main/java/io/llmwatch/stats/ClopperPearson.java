package io.llmwatch.stats;

/**
 * The exact binomial (Clopper–Pearson) confidence bounds of a proportion (C. J. Clopper and E. S.
 * Pearson, "The use of confidence or fiducial limits illustrated in the case of the binomial",
 * Biometrika 26(4), 1934): the simulations assert that the upper bound of an error rate meets its
 * goal, so that a lucky seed cannot pass a test.
 */
public final class ClopperPearson {

    private ClopperPearson() {
    }

    /**
     * The upper end of the two-sided {@code level} interval for {@code successes} of {@code trials}:
     * the p at which seeing at most {@code successes} has probability {@code (1 - level) / 2}.
     */
    public static double upper(long successes, long trials, double level) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " of " + trials + " trials");
        }
        if (successes == trials) {
            return 1;
        }
        double tail = (1 - level) / 2;
        double low = (double) successes / trials;
        double high = 1;
        for (int i = 0; i < 100; i++) {
            double p = (low + high) / 2;
            if (cdf(successes, trials, p) > tail) {
                low = p;
            } else {
                high = p;
            }
        }
        return high;
    }

    /**
     * The lower end of the two-sided {@code level} interval for {@code successes} of {@code trials}:
     * the p at which seeing at least {@code successes} has probability {@code (1 - level) / 2}.
     */
    public static double lower(long successes, long trials, double level) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " of " + trials + " trials");
        }
        if (successes == 0) {
            return 0;
        }
        double tail = (1 - level) / 2;
        double low = 0;
        double high = (double) successes / trials;
        for (int i = 0; i < 100; i++) {
            double p = (low + high) / 2;
            if (1 - cdf(successes - 1, trials, p) < tail) {
                low = p;
            } else {
                high = p;
            }
        }
        return low;
    }

    /** P(X <= k) for X ~ Binomial(n, p), summed in log space so that large n cannot underflow the first term. */
    static double cdf(long k, long n, double p) {
        double logTerm = n * Math.log1p(-p);
        double logRatio = Math.log(p) - Math.log1p(-p);
        double sum = 0;
        for (long i = 0; i <= k; i++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((double) (n - i) / (i + 1)) + logRatio;
        }
        return Math.min(1, sum);
    }
}
