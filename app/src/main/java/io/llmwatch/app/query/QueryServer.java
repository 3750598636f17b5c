package io.llmwatch.app.query;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.llmwatch.health.HealthChecks;
import io.llmwatch.collector.management.Probes;
import io.llmwatch.config.KafkaClientSettings;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.llmwatch.config.DurationText;
import io.llmwatch.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The read-only query API (default port 8081): {@code GET /api/leaderboard?app=&task=&since=},
 * {@code GET /api/comparisons?app=&task=}, {@code GET /api/recommendations}, {@code GET /api/alerts},
 * and the {@link Probes} ({@code /healthz}, {@code /readyz}, {@code /metrics}). JSON in snake_case.
 */
public final class QueryServer implements AutoCloseable {

    /** How much stats history the leaderboard can look back over. */
    static final Duration STATS_RETENTION = Duration.ofDays(1);
    static final int MAX_ALERTS = 1000;

    private final QueryViews views;
    private final int port;
    private final Clock clock;
    private final HealthChecks checks;
    private final MeterRegistry meters;
    private Javalin app;

    public QueryServer(KafkaClientSettings kafka, int port) {
        this(kafka, port, Clock.systemUTC(), new HealthChecks(), new SimpleMeterRegistry());
    }

    /**
     * @param checks health checks of the process, answered on {@code /healthz} and {@code /readyz}
     * @param meters served on {@code /metrics} when it is (or contains) a Prometheus registry
     */
    public QueryServer(KafkaClientSettings kafka, int port, HealthChecks checks, MeterRegistry meters) {
        this(kafka, port, Clock.systemUTC(), checks, meters);
    }

    QueryServer(KafkaClientSettings kafka, int port, Clock clock, HealthChecks checks, MeterRegistry meters) {
        this.views = new QueryViews(kafka, STATS_RETENTION, MAX_ALERTS);
        this.checks = checks;
        this.meters = meters;
        this.port = port;
        this.clock = clock;
    }

    /** Starts reading the topics and serving; returns the bound port. */
    public int start() {
        views.start();
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        });
        Probes.install(app, checks, meters);
        app.get("/api/leaderboard", this::leaderboard);
        app.get("/api/comparisons", ctx -> ctx.json(views.comparisons(ctx.queryParam("app"), ctx.queryParam("task"))));
        app.get("/api/recommendations", ctx -> ctx.json(views.recommendations()));
        app.get("/api/alerts", ctx -> ctx.json(views.alerts()));
        app.exception(BadRequestResponse.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        app.start(port);
        return app.port();
    }

    private void leaderboard(Context ctx) {
        Instant since = since(ctx.queryParam("since"));
        ctx.json(LeaderboardRow.of(views.stats(ctx.queryParam("app"), ctx.queryParam("task"), since)));
    }

    /** {@code since} is an RFC 3339 instant or a look-back duration such as {@code 15m}. */
    private Instant since(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return clock.instant().minus(DurationText.parse(value));
            } catch (IllegalArgumentException e) {
                throw new BadRequestResponse("since: '" + value + "' is neither an RFC 3339 instant nor a duration like 15m");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (app != null) {
            app.stop();
            app = null;
        }
        views.close();
    }
}
