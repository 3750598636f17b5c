package io.llmwatch.drift.sink;

import io.llmwatch.config.WebhookConfig;
import io.llmwatch.event.DriftAlert;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Every configured sink behind one {@link AlertSink}: each alert goes to the sinks whose filter
 * accepts it (for a webhook: its app, or any app, and its minimum severity). Like every sink it
 * never blocks.
 */
public final class AlertSinks implements AlertSink {

    /** A sink and the alerts it wants. */
    public record Route(Predicate<DriftAlert> accepts, AlertSink sink) {
    }

    private final List<Route> routes;

    public AlertSinks(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A {@link WebhookSink} per configured webhook, each with its config's filter. */
    public static AlertSinks webhooks(Map<String, WebhookConfig> webhooks, MeterRegistry registry) {
        List<Route> routes = new ArrayList<>();
        try {
            webhooks.forEach((name, config) ->
                    routes.add(new Route(config::accepts, new WebhookSink(name, config, registry))));
        } catch (RuntimeException e) {
            routes.forEach(route -> route.sink().close());
            throw e;
        }
        return new AlertSinks(routes);
    }

    /** True when no sink is configured: nothing to deliver. */
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    /** Completes when every sink that accepts the alert is done with it; fails when one of them failed. */
    @Override
    public CompletionStage<Void> send(DriftAlert alert) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Route route : routes) {
            if (route.accepts().test(alert)) {
                sent.add(route.sink().send(alert).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        routes.forEach(route -> route.sink().close());
    }
}
