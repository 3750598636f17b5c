package io.llmwatch.app.query;

import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.ServerSettings;
import io.llmwatch.collector.management.Probes;
import io.llmwatch.config.CollectorConfig;
import io.llmwatch.config.DurationText;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.QueryConfig;
import io.llmwatch.health.HealthChecks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The read-only query API (default port 8081): {@code GET /api/leaderboard?app=&task=&since=},
 * {@code GET /api/comparisons?app=&task=}, {@code GET /api/comparisons/history?app=&task=&candidate=},
 * {@code GET /api/recommendations}, {@code GET /api/alerts}, and the {@link Probes} ({@code /healthz}, {@code /readyz},
 * {@code /metrics}); JSON in snake_case, each answer with an {@code ETag} ({@link ConditionalJson}: unchanged = 304).
 * The dashboard, static files from this jar, is served at {@code /} (see {@code docs/dashboard.md}).
 *
 * <p>With read keys configured ({@code query.api_keys}), every {@code /api/*} request must present
 * one, as for the collector. The dashboard's files carry no data and stay open; the page asks for the
 * key when the API refuses it.
 */
public final class QueryServer implements AutoCloseable {

    /** How much stats history the leaderboard can look back over. */
    static final Duration STATS_RETENTION = Duration.ofDays(1);
    static final int MAX_ALERTS = 1000;
    /** Points kept per comparison for its history. */
    static final int MAX_HISTORY = 500;
    /** Where the dashboard's files are in the jar. */
    static final String DASHBOARD = "/io/llmwatch/app/query/dashboard";

    private final QueryViews views;
    private final String host;
    private final int port;
    private final Clock clock;
    private final ApiKeyFilter auth;
    private final ConditionalJson answers;
    private final HealthChecks checks;
    private final MeterRegistry meters;
    private Javalin app;

    /**
     * @param host   the address to listen on, e.g. 127.0.0.1 for this machine only
     * @param config its {@code api_keys}, when any, are required on {@code /api/*}
     * @param checks health checks of the process, answered on {@code /healthz} and {@code /readyz}
     * @param meters served on {@code /metrics} when it is (or contains) a Prometheus registry; refused
     *               requests are counted there ({@code llmwatch.query.auth.refused})
     */
    public QueryServer(KafkaClientSettings kafka, String host, int port, QueryConfig config, HealthChecks checks,
                       MeterRegistry meters) {
        this(kafka, host, port, Clock.systemUTC(), keys(config), checks, meters);
    }

    QueryServer(KafkaClientSettings kafka, String host, int port, Clock clock, HealthChecks checks, MeterRegistry meters) {
        this(kafka, host, port, clock, ApiKeys.disabled(), checks, meters);
    }

    QueryServer(KafkaClientSettings kafka, String host, int port, Clock clock, ApiKeys keys, HealthChecks checks,
                MeterRegistry meters) {
        this.views = new QueryViews(kafka, STATS_RETENTION, MAX_ALERTS, MAX_HISTORY);
        this.host = host;
        this.checks = checks;
        this.meters = meters;
        this.port = port;
        this.clock = clock;
        this.auth = new ApiKeyFilter(keys, ApiKeyFilter.Mode.KEY_OR_BEARER, Counter.builder("llmwatch.query.auth.refused")
                .description("Query API requests refused for a missing or wrong read key")
                .register(meters));
        this.answers = new ConditionalJson(Counter.builder("llmwatch.query.not.modified")
                .description("Query API requests answered 304: the client already held the answer (If-None-Match)")
                .register(meters));
    }

    private static ApiKeys keys(QueryConfig config) {
        return config.apiKeys().isEmpty() ? ApiKeys.disabled() : ApiKeys.of(config.apiKeys());
    }

    /** Starts reading the topics and serving; returns the bound port. */
    public int start() {
        views.start();
        app = Javalin.create(config -> {
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = DASHBOARD;
                files.location = Location.CLASSPATH;
                // Everything the page loads comes from this server: no CDN, no inline script.
                files.headers = Map.of("Content-Security-Policy", "default-src 'self'; img-src 'self' data:",
                        "X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
            });
            ServerSettings.base(config, CollectorConfig.DEFAULT_READ_TIMEOUT);
        });
        app.before("/api/*", auth);
        Probes.install(app, checks, meters);
        app.get("/api/leaderboard", this::leaderboard);
        app.get("/api/comparisons", ctx -> answers.answer(ctx, views.comparisons(ctx.queryParam("app"),
                ctx.queryParam("task"))));
        app.get("/api/comparisons/history", ctx -> answers.answer(ctx, views.history(ctx.queryParam("app"),
                ctx.queryParam("task"), ctx.queryParam("candidate"))));
        app.get("/api/recommendations", ctx -> answers.answer(ctx, views.recommendations()));
        app.get("/api/alerts", ctx -> answers.answer(ctx, views.alerts()));
        app.exception(BadRequestResponse.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        return ServerSettings.start(app, host, port);
    }

    private void leaderboard(Context ctx) {
        Instant since = since(ctx.queryParam("since"));
        answers.answer(ctx, LeaderboardRow.of(views.stats(ctx.queryParam("app"), ctx.queryParam("task"), since)));
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
