package io.llmwatch.app.metrics;

import io.javalin.Javalin;
import io.llmwatch.collector.ingest.ServerSettings;
import io.llmwatch.collector.management.Probes;
import io.llmwatch.config.CollectorConfig;
import io.llmwatch.health.HealthChecks;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on a port of their own
 * ({@code --management-port}), for a process that serves no other HTTP: {@code run scorer},
 * {@code run drift-detector}.
 */
public final class ManagementServer implements AutoCloseable {

    private final Javalin app;
    private final String host;
    private final int port;

    public ManagementServer(String host, int port, HealthChecks checks, MeterRegistry meters) {
        this.host = host;
        this.port = port;
        this.app = Javalin.create(config -> ServerSettings.base(config, CollectorConfig.DEFAULT_READ_TIMEOUT));
        Probes.install(app, checks, meters);
    }

    /** Starts serving; returns the bound port. */
    public int start() {
        return ServerSettings.start(app, host, port);
    }

    @Override
    public void close() {
        app.stop();
    }
}
