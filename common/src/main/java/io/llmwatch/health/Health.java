package io.llmwatch.health;

import java.util.Map;

/**
 * What one part of a process says about itself.
 *
 * @param live    false when the process should be restarted: the part is dead or crash-looping
 * @param ready   false when the process should get no traffic yet: e.g. Streams is rebalancing
 * @param details figures shown on {@code /healthz} and {@code /readyz} (state, lag, last error)
 */
public record Health(boolean live, boolean ready, Map<String, Object> details) {

    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(Map<String, Object> details) {
        return new Health(true, true, details);
    }
}
