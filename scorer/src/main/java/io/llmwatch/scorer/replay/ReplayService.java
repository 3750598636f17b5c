package io.llmwatch.scorer.replay;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.ControlView;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.health.Health;
import io.llmwatch.health.HealthCheck;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.judge.Judges;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.price.LivePrices;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay side of the scorer, wired for {@code llmwatch run scorer}: the provider registry from
 * {@code providers:} and the live {@code provider/<name>} entries of {@code llmwatch.control}, the
 * judges from {@code judges:}, and the {@link ReplayWorker} that consumes
 * {@code llmwatch.replay.requests}, restarted by a {@link ReplaySupervisor} when it fails. Closes in reverse order: the worker first, so that no request
 * is left waiting on a closed client.
 */
public final class ReplayService implements AutoCloseable {

    private final ControlView control;
    private final ProviderRegistry providers;
    private final Judges judges;
    private final ReplaySupervisor worker;

    public ReplayService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, MeterRegistry meters) {
        this(kafka, config, catalog, meters, GroupMember.DYNAMIC);
    }

    /** @param member how the worker's consumer joins its group */
    public ReplayService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, MeterRegistry meters,
            GroupMember member) {
        this.control = new ControlView(kafka, "llmwatch-replay-control", (key, value) -> { });
        this.providers = ProviderRegistry.builder(config).control(control::get).meters(meters).build();
        // Live prices, as the scorer prices the incumbent's calls: a price change applies to both sides
        // and to the judges' tokens.
        LivePrices prices = new LivePrices(catalog, control::get);
        this.judges = Judges.from(config, provider -> providers.chatAt(provider).orElseThrow(() -> unknown(provider)),
                (provider, model) -> providers.embeddingsAt(provider, model).orElseThrow(() -> unknown(provider)),
                prices);
        // The task settings, for critical dimensions; TaskSettings is not thread-safe and replays complete on many threads.
        TaskSettings tasks = new TaskSettings(config, control::get);
        Replayer replayer = new Replayer(providers, judges::forKind, prices,
                new ReplayBody(config.replay()), Clock.systemUTC(), task -> {
                    synchronized (tasks) {
                        return tasks.forTask(task);
                    }
                });
        ReplayWorkerSettings settings = ReplayWorkerSettings.defaults(kafka).withMember(member);
        this.worker = new ReplaySupervisor(() -> new ReplayWorker(settings, replayer, meters),
                ReplaySupervisor.DEFAULT_RESTARTS, meters, Clock.systemUTC());
    }

    private static IllegalArgumentException unknown(String provider) {
        return new IllegalArgumentException("judges: provider '" + provider + "' is not among the configured providers");
    }

    public ReplayService start() {
        control.start();
        worker.start();
        return this;
    }

    /**
     * The replay worker's health, as the other services report theirs. A worker its supervisor gave up
     * on needs a restart of the process (not live); one restarting is only not ready.
     */
    public HealthCheck health() {
        return HealthCheck.of("replay-worker", () -> {
            ReplaySupervisor.Health health = worker.health();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", health.state().name());
            details.put("restarts", health.restarts());
            if (health.lastFailure() != null) {
                details.put("last_failure", health.lastFailure());
            }
            return new Health(health.state() != ReplaySupervisor.State.FAILED, health.running(), details);
        });
    }

    @Override
    public void close() {
        worker.close();
        judges.close();
        providers.close();
        control.close();
    }
}
