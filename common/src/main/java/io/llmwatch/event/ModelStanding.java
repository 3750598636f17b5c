package io.llmwatch.event;

/**
 * How one model stood when a recommendation was made: the figures it was judged on and whether it
 * was eligible.
 */
public record ModelStanding(
        String model,
        long calls,
        Double qualityMean,
        long qualityN,
        Double costPerCall,
        double errorRate,
        boolean eligible,
        String reason) {
}
