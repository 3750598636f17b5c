package io.llmwatch.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayRequests;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.BreakerPolicy;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.provider.RetryPolicy;
import io.llmwatch.price.LivePrices;
import io.llmwatch.sim.Latency;
import io.llmwatch.sim.Payments;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay ledger ({@code llmwatch.replay.ledger}) as a worker taking over a partition finds it:
 * what a crashed predecessor finished is not replayed, and what it started is not paid for twice.
 * The predecessor's crash is written into the ledger by hand here (the same entries a SIGKILLed
 * worker leaves); the fault suite's replay case SIGKILLs real worker processes. Payments are
 * counted at the simulated provider.
 */
class ReplayLedgerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String INCUMBENT = "sim-incumbent";
    private static final String CANDIDATE = "sim-candidate";
    private static final PriceCatalog PRICES = PriceCatalog.of(LocalDate.parse("2026-11-01"), "test", List.of(
            ModelPrice.of(INCUMBENT, "sim", 2.0, 8.0), ModelPrice.of(CANDIDATE, "sim", 0.4, 1.6)));

    private static EmbeddedKafka kafka;
    private static SimulatedProvider plain;
    private static SimulatedProvider idempotent;
    private static KafkaProducer<String, byte[]> producer;
    private static TopicReader<ReplayResult> results;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().partitions(1).start();
        plain = sim(false);
        idempotent = sim(true);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        results = new TopicReader<>(kafka.bootstrapServers(), Topics.REPLAY_RESULTS);
    }

    private static SimulatedProvider sim(boolean honoursKeys) {
        return SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 0.9).withLatency(Latency.fixed(5)))
                .model(SimulatedModel.of(CANDIDATE, 0.9).withLatency(Latency.fixed(5)))
                .honourIdempotencyKeys(honoursKeys).start();
    }

    @AfterAll
    static void stop() {
        results.close();
        producer.close();
        plain.close();
        idempotent.close();
        kafka.close();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    @Test
    void aRequestWhoseFirstReplayIsAlreadyInTheLedgerIsReplayedAndPaidOnce() throws Exception {
        // Given a request a worker replayed and finished
        ReplayRequest request = request();
        send(request);
        String group = "ledger-test-" + UUID.randomUUID();
        ReplayWorker first = startWorker(plain, false, group);
        await().atMost(PATIENCE).until(() -> resultsOf(request).size() == 2);
        first.close();
        // When the same request is delivered again (as if its offset commit was lost) to a worker taking over
        send(request);
        startWorker(plain, false, group);
        String marker = request.callId() + "-marker";
        ReplayRequest next = request(marker);
        send(next);
        await().atMost(PATIENCE).until(() -> resultsOf(next).size() == 2);
        // Then it was not replayed again: each model paid once, two results
        assertThat(resultsOf(request)).hasSize(2);
        assertThat(paid(plain, request)).containsExactly(1, 1);
    }

    @Test
    void aRequestACrashedWorkerStartedIsNotSentAgainToAProviderWithoutIdempotencyKeys() throws Exception {
        // Given a request a worker started, and paid for, before it was SIGKILLed
        ReplayRequest request = request();
        payAsTheCrashedWorkerDid(plain, request);
        ledger(request, ReplayLedgerEntry.STARTED);
        // When a worker takes its partition over
        send(request);
        startWorker(plain, false, "ledger-test-" + UUID.randomUUID());
        // Then its targets are reported interrupted, not sent (and paid) again
        await().atMost(PATIENCE).until(() -> resultsOf(request).size() == 2);
        assertThat(resultsOf(request)).allSatisfy(r -> assertThat(r.error().type()).isEqualTo(ErrorTypes.INTERRUPTED));
        assertThat(paid(plain, request)).containsExactly(1, 1);
    }

    @Test
    void aRequestACrashedWorkerStartedIsSentAgainWithTheSameKeyToAProviderThatHonoursThem() throws Exception {
        // Given a request a worker started, and paid for, before it was SIGKILLed, at a provider honouring keys
        ReplayRequest request = request();
        payAsTheCrashedWorkerDid(idempotent, request);
        ledger(request, ReplayLedgerEntry.STARTED);
        int repeatedBefore = idempotent.payments().repeatedKeys();
        // When a worker takes its partition over
        send(request);
        startWorker(idempotent, true, "ledger-test-" + UUID.randomUUID());
        // Then it is sent again with the same keys: real results, each target still paid once
        await().atMost(PATIENCE).until(() -> resultsOf(request).size() == 2);
        assertThat(resultsOf(request)).allSatisfy(r -> assertThat(r.failed()).isFalse());
        assertThat(paid(idempotent, request)).containsExactly(1, 1);
        assertThat(idempotent.payments().repeatedKeys() - repeatedBefore).isEqualTo(2);
    }

    /** A worker of {@code group}, which starts at the beginning of the requests unless it committed before. */
    private ReplayWorker startWorker(SimulatedProvider sim, boolean honoursKeys, String group) {
        LlmwatchConfig config = LlmwatchConfig.empty().withProviders(Map.of("sim", ProviderConfig.builder()
                .baseUrl(sim.baseUrl()).maxConcurrency(8).timeoutMs(5_000L).models(List.of(INCUMBENT, CANDIDATE))
                .idempotencyKeys(honoursKeys).build()));
        ProviderRegistry providers = ProviderRegistry.builder(config).meters(new SimpleMeterRegistry())
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)))
                .breaker(BreakerPolicy.DEFAULT).build();
        ExactAgreementJudge exact = new ExactAgreementJudge();
        Replayer replayer = new Replayer(providers, kind -> kind == JudgeKind.EXACT ? exact : null,
                new LivePrices(PRICES, key -> null), new ReplayBody(ReplayConfig.DEFAULT), Clock.systemUTC());
        ReplayWorker worker = new ReplayWorker(new ReplayWorkerSettings(KafkaClientSettings.of(kafka.bootstrapServers()), group, 4,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of()), replayer, new SimpleMeterRegistry()).start();
        closeAfter.add(providers);
        closeAfter.add(worker);
        return worker;
    }

    /** What the crashed worker sent: each target once, with the key of its replay. */
    private static void payAsTheCrashedWorkerDid(SimulatedProvider sim, ReplayRequest request) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String model : request.targets()) {
            ObjectNode body = ((ObjectNode) request.request().deepCopy()).put("model", model);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", ReplayLedgerEntry.idempotencyKey(request, model))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    private static List<Integer> paid(SimulatedProvider sim, ReplayRequest request) {
        Map<String, Integer> byPrompt = sim.payments().byPrompt();
        return request.targets().stream().map(model -> byPrompt.getOrDefault(Payments.prompt(model, request.request()), 0))
                .toList();
    }

    private static void ledger(ReplayRequest request, String state) throws Exception {
        ReplayLedgerEntry entry = ReplayLedgerEntry.of(request, state, Instant.now());
        producer.send(new ProducerRecord<>(Topics.REPLAY_LEDGER.name(), 0, entry.requestId(),
                Topics.REPLAY_LEDGER.valueSerde().serializer().serialize("", entry))).get();
    }

    private static ReplayRequest request() {
        return request("ledger-" + UUID.randomUUID());
    }

    private static ReplayRequest request(String callId) {
        return ReplayRequests.triage(callId, INCUMBENT, CANDIDATE);
    }

    private static void send(ReplayRequest request) throws Exception {
        producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), request.callId(),
                Topics.REPLAY_REQUESTS.valueSerde().serializer().serialize("", request))).get();
    }

    private static synchronized List<ReplayResult> resultsOf(ReplayRequest request) {
        return results.poll().stream().filter(r -> r.callId().equals(request.callId())).toList();
    }
}
