package io.llmwatch.app.query;

import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.llmwatch.collector.ingest.ServerSettings;
import io.llmwatch.config.CollectorConfig;
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
 * {@code GET /healthz}. JSON in snake_case.
 */
public final class QueryServer implements AutoCloseable {

    /** How much stats history the leaderboard can look back over. */
    static final Duration STATS_RETENTION = Duration.ofDays(1);
    static final int MAX_ALERTS = 1000;

    private final QueryViews views;
    private final String host;
    private final int port;
    private final Clock clock;
    private Javalin app;

    /** @param host the address to listen on, e.g. 127.0.0.1 for this machine only */
    public QueryServer(String bootstrapServers, String host, int port) {
        this(bootstrapServers, host, port, Clock.systemUTC());
    }

    QueryServer(String bootstrapServers, String host, int port, Clock clock) {
        this.views = new QueryViews(bootstrapServers, STATS_RETENTION, MAX_ALERTS);
        this.host = host;
        this.port = port;
        this.clock = clock;
    }

    /** Starts reading the topics and serving; returns the bound port. */
    public int start() {
        views.start();
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            ServerSettings.readTimeout(config, CollectorConfig.DEFAULT_READ_TIMEOUT);
        });
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/leaderboard", this::leaderboard);
        app.get("/api/comparisons", ctx -> ctx.json(views.comparisons(ctx.queryParam("app"), ctx.queryParam("task"))));
        app.get("/api/recommendations", ctx -> ctx.json(views.recommendations()));
        app.get("/api/alerts", ctx -> ctx.json(views.alerts()));
        app.exception(BadRequestResponse.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        app.start(host, port);
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
