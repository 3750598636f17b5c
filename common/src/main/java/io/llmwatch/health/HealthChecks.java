package io.llmwatch.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The health checks of one process: every component registers its own, and each HTTP server of the
 * process answers the probes from all of them, so that {@code /healthz} on the collector's port also
 * says when the scorer running beside it is dead.
 */
public final class HealthChecks {

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    public HealthChecks add(HealthCheck check) {
        checks.add(check);
        return this;
    }

    /** Live when every part is live; ready when every part is ready. */
    public Report report() {
        boolean live = true;
        boolean ready = true;
        Map<String, Health> parts = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            Health health;
            try {
                health = check.check();
            } catch (RuntimeException e) {
                health = new Health(true, false, Map.of("error", e.toString()));
            }
            parts.put(check.name(), health);
            live &= health.live();
            ready &= health.ready();
        }
        return new Report(live, ready, parts);
    }

    /** The answer of the probes. */
    public record Report(boolean live, boolean ready, Map<String, Health> parts) {
    }
}
