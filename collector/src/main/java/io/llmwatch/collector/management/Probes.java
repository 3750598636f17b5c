package io.llmwatch.collector.management;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.llmwatch.health.Health;
import io.llmwatch.health.HealthChecks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The probes every llmwatch HTTP server answers, from the {@link HealthChecks} of its process:
 * <ul>
 *   <li>{@code GET /healthz} (liveness): 200 {@code {"status":"ok"}}, or 503 {@code "unavailable"}
 *       with the reason when a part is dead, e.g. a Streams application that stopped or whose threads
 *       keep dying;</li>
 *   <li>{@code GET /readyz} (readiness): 200 when every part is ready (Streams RUNNING, the broker
 *       reachable with these credentials), else 503 with the reason;</li>
 *   <li>{@code GET /metrics}: Prometheus text, when the registry is (or contains) a Prometheus one.</li>
 * </ul>
 * Both probes also list each part's details ({@code checks}): state, thread failures, lag.
 */
public final class Probes {

    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private Probes() {
    }

    /** Adds the three routes to {@code app}. */
    public static void install(Javalin app, HealthChecks checks, MeterRegistry registry) {
        app.get(HEALTH_PATH, ctx -> answer(ctx, checks.report(), HealthChecks.Report::live, Health::live));
        app.get(READY_PATH, ctx -> answer(ctx, checks.report(), HealthChecks.Report::ready, Health::ready));
        prometheus(registry).ifPresent(prometheus -> app.get(METRICS_PATH,
                ctx -> ctx.contentType(PROMETHEUS_TEXT).result(prometheus.scrape(PROMETHEUS_TEXT))));
    }

    private static void answer(Context ctx, HealthChecks.Report report, Predicate<HealthChecks.Report> ok,
                               Predicate<Health> partOk) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ok.test(report)) {
            body.put("status", "ok");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
            body.put("status", "unavailable");
            body.put("reason", report.parts().entrySet().stream()
                    .filter(e -> !partOk.test(e.getValue()))
                    .map(e -> e.getKey() + ": " + e.getValue().details())
                    .collect(Collectors.joining("; ")));
        }
        body.put("checks", report.parts());
        ctx.json(body);
    }

    /** The Prometheus registry in {@code registry}, if any. */
    public static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return Optional.of(prometheus);
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            return composite.getRegistries().stream()
                    .flatMap(child -> prometheus(child).stream())
                    .findFirst();
        }
        return Optional.empty();
    }
}
