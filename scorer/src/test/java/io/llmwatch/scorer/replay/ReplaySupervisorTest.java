package io.llmwatch.scorer.replay;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.provider.RetryPolicy;
import io.llmwatch.price.LivePrices;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A replay worker whose results the broker cannot take (the results topic is gone: publishing times
 * out) stops; the supervisor restarts it with back-off, reports it, and once the topic is back the
 * request is replayed and its result published.
 */
class ReplaySupervisorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String MODEL = "gpt-4.1-mini";

    @Test
    void aWorkerThatCannotPublishIsRestartedUntilItCanAndReportsItsState() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             SimulatedProvider sim = SimulatedProvider.builder().model(SimulatedModel.of(MODEL, 0.9)).start();
             ProviderRegistry providers = ProviderRegistry.builder(LlmwatchConfig.empty().withProviders(Map.of(
                     "sim", ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(4).timeoutMs(5_000L)
                             .models(List.of("*")).build()))).meters(meters).build();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            Replayer replayer = new Replayer(providers, kind -> null, new LivePrices(PriceCatalog.defaults(), key -> null),
                    new ReplayBody(ReplayConfig.DEFAULT), Clock.systemUTC());
            // Publishing to a missing topic gives up after 1.5 s instead of a minute.
            ReplayWorkerSettings settings = ReplayWorkerSettings.defaults(KafkaClientSettings.of(kafka.bootstrapServers()))
                    .withClientOverrides(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500));
            try (ReplaySupervisor supervisor = new ReplaySupervisor(() -> new ReplayWorker(settings, replayer, meters),
                    new RetryPolicy(1_000, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ZERO), meters,
                    Clock.systemUTC()).start()) {
                assertThat(supervisor.health().state()).isEqualTo(ReplaySupervisor.State.RUNNING);

                // Given the results topic is gone
                admin.deleteTopics(Set.of(Topics.REPLAY_RESULTS.name())).all().get();
                await().atMost(PATIENCE).until(() -> !admin.listTopics().names().get().contains(Topics.REPLAY_RESULTS.name()));

                // When a request is replayed, its result cannot be published: the worker stops, and is restarted
                producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), "call-1",
                        Topics.REPLAY_REQUESTS.valueSerde().serializer().serialize(Topics.REPLAY_REQUESTS.name(),
                                request("call-1")))).get();
                await().atMost(PATIENCE).until(() -> supervisor.health().restarts() >= 2);
                assertThat(supervisor.health().lastFailure()).isNotNull();
                assertThat(meters.get("llmwatch.replay.worker.restarts").functionCounter().count()).isGreaterThanOrEqualTo(2);

                // Then once the topic is back, a restarted worker publishes the result and keeps running
                kafka.createTopics(List.<Topic<?, ?>>of(Topics.REPLAY_RESULTS), 1);
                try (TopicReader<ReplayResult> results = new TopicReader<>(kafka.bootstrapServers(), Topics.REPLAY_RESULTS)) {
                    await().atMost(PATIENCE).until(() -> results.poll().stream().anyMatch(r -> r.callId().equals("call-1")));
                }
                await().atMost(PATIENCE).until(() -> supervisor.health().running());
                assertThat(meters.get("llmwatch.replay.worker.state").gauge().value()).isZero();
            }
        }
    }

    private static ReplayRequest request(String callId) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", MODEL);
        body.putArray("messages").addObject().put("role", "user").put("content", "Say hello.");
        return ReplayRequest.builder().callId(callId).callTimestamp(Instant.now()).app("shop").taskType("greet").incumbent(MODEL)
                .provider("openai").request(body).originalOutput("hello").originalUsage(Usage.of(5, 2)).originalCostUsd(0.0001)
                .judge("exact").targets(List.of(MODEL)).projectedCostUsd(Map.of(MODEL, 0.001)).requestedAt(Instant.now())
                .build();
    }
}
