package io.llmwatch.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.BreakerPolicy;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.provider.RetryPolicy;
import io.llmwatch.price.LivePrices;
import io.llmwatch.sim.Expected;
import io.llmwatch.sim.Fault;
import io.llmwatch.sim.Latency;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay worker end to end on a real broker, against the simulated provider over HTTP: a result
 * for every target (failures included) with the judge's verdicts, no stall when a provider hangs, no
 * result lost across an aborted worker and a rebalance, bad records to the dead-letter topic, and the
 * in-flight bound.
 */
class ReplayWorkerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> LABELS = List.of("bug", "billing", "other");
    private static final String INCUMBENT = "sim-incumbent";
    private static final String GOOD = "sim-good";
    private static final String POOR = "sim-poor";
    private static final String HANGS = "sim-hangs";
    private static final String UNSERVED = "vendor-x-model";
    private static final PriceCatalog PRICES = PriceCatalog.of(LocalDate.parse("2026-11-01"), "test", List.of(
            ModelPrice.of(INCUMBENT, "sim", 2.0, 8.0), ModelPrice.of(GOOD, "sim", 0.4, 1.6),
            ModelPrice.of(POOR, "sim", 0.1, 0.4)));

    private static EmbeddedKafka kafka;
    private static SimulatedProvider sim;
    private static KafkaProducer<String, byte[]> producer;
    private static TopicReader<ReplayResult> results;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().partitions(2).start();
        sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 0.9).withLatency(Latency.fixed(5)))
                .model(SimulatedModel.of(GOOD, 0.9).withLatency(Latency.fixed(5)))
                .model(SimulatedModel.of(POOR, 0.3).withLatency(Latency.fixed(5)))
                .model(SimulatedModel.of(HANGS, 0.9))
                .maxHang(Duration.ofSeconds(20))
                .start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        results = new TopicReader<>(kafka.bootstrapServers(), Topics.REPLAY_RESULTS);
    }

    @AfterAll
    static void stop() {
        results.close();
        producer.close();
        sim.close();
        kafka.close();
    }

    @AfterEach
    void reset() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
        sim.faults().clear();
        sim.releaseHangs();
    }

    @Test
    void everyTargetGetsAResultWithTheJudgesVerdictOrItsError() throws Exception {
        String group = startAtEnd("everything");
        worker(group, 16);
        String prefix = "all-" + UUID.randomUUID() + "-";
        List<String> targets = List.of(INCUMBENT, GOOD, POOR, UNSERVED);
        for (int i = 0; i < 20; i++) {
            send(request(prefix + i, i, targets, "exact"));
        }
        send(request(prefix + "ref", 0, List.of(GOOD), "reference"));

        List<ReplayResult> mine = awaitResults(prefix, 20 * targets.size() + 1);

        Map<String, ReplayResult> byId = mine.stream().collect(Collectors.toMap(ReplayResult::resultId, r -> r, (a, b) -> a));
        for (int i = 0; i < 20; i++) {
            String callId = prefix + i;
            String production = LABELS.get(i % LABELS.size());
            ReplayResult control = byId.get(callId + "/" + INCUMBENT);
            assertThat(control.control()).isTrue();
            assertThat(control.judgement()).isNull();
            assertThat(control.failed()).isFalse();
            for (String candidate : List.of(GOOD, POOR)) {
                ReplayResult result = byId.get(callId + "/" + candidate);
                assertThat(result.control()).isFalse();
                assertThat(result.outputText()).isIn(LABELS);
                assertThat(result.provider()).isEqualTo("sim");
                assertThat(result.attempts()).isEqualTo(1);
                assertThat(result.usage().outputTokens()).isPositive();
                assertThat(result.cost().known()).isTrue();
                assertThat(result.cost().amount()).isPositive();
                assertThat(result.projectedCostUsd()).isEqualTo(0.002);
                assertThat(result.incumbent()).isEqualTo(INCUMBENT);
                assertThat(result.app()).isEqualTo("shop");
                double candidateScore = ExactAgreementJudge.agrees(result.outputText(), production);
                double baseline = ExactAgreementJudge.agrees(control.outputText(), production);
                assertThat(result.judgement().judge()).isEqualTo("exact");
                assertThat(result.judgement().candidateScore()).isEqualTo(candidateScore);
                assertThat(result.judgement().baselineScore()).isEqualTo(baseline);
                assertThat(result.judgement().delta()).isEqualTo(candidateScore - baseline);
            }
            ReplayResult unserved = byId.get(callId + "/" + UNSERVED);
            assertThat(unserved.error().type()).isEqualTo(ErrorTypes.NO_PROVIDER);
            assertThat(unserved.judgement()).isNull();
            assertThat(unserved.attempts()).isZero();
            assertThat(unserved.cost()).isNull();
        }
        double good = meanCandidateScore(mine, GOOD);
        double poor = meanCandidateScore(mine, POOR);
        assertThat(good).isGreaterThan(poor);

        ReplayResult unjudged = byId.get(prefix + "ref/" + GOOD);
        assertThat(unjudged.failed()).isFalse();
        assertThat(unjudged.judgement().delta()).isNull();
        assertThat(unjudged.judgement().explanation()).contains("no reference judge");
        assertThat(meters.counter("llmwatch.replay.requests", "outcome", "replayed").count()).isEqualTo(21);
    }

    @Test
    void aResponsesCallIsReplayedThroughTheResponsesApiAndJudgedLikeForLike() throws Exception {
        String group = startAtEnd("responses");
        worker(group, 16);
        String prefix = "resp-" + UUID.randomUUID() + "-";
        long before = responsesRequests();
        for (int i = 0; i < 3; i++) {
            ReplayRequest chat = request(prefix + i, i, List.of(INCUMBENT, GOOD), "exact");
            ObjectNode body = Json.mapper().createObjectNode().put("model", INCUMBENT).put("instructions", "Label the ticket.")
                    .put("input", chat.request().at("/messages/1/content").asText()).put("max_output_tokens", 16);
            send(chat.toBuilder().request(body).reference(null).campaignId(null).api("openai.responses").servedBy(null)
                    .build());
        }

        List<ReplayResult> mine = awaitResults(prefix, 6);

        assertThat(responsesRequests() - before).as("every target through /v1/responses").isEqualTo(6);
        assertThat(mine).allSatisfy(result -> {
            assertThat(result.failed()).isFalse();
            assertThat(result.outputText()).isIn(LABELS);
            assertThat(result.usage().inputTokens()).isPositive();
        });
        assertThat(mine.stream().filter(r -> !r.control())).allSatisfy(result ->
                assertThat(result.judgement().delta()).isNotNull());
    }

    private static long responsesRequests() {
        return sim.requests().all().stream().filter(r -> r.path().equals("/v1/responses")).count();
    }

    @Test
    void aCandidateWhoseControlFailedIsJudgedWithoutADelta() throws Exception {
        String group = startAtEnd("control-failed");
        sim.faults().always(INCUMBENT, Fault.serverError());
        worker(group, 16);
        String prefix = "ctl-" + UUID.randomUUID() + "-";
        send(request(prefix + 0, 0, List.of(INCUMBENT, GOOD), "exact"));

        List<ReplayResult> mine = awaitResults(prefix, 2);

        ReplayResult control = mine.stream().filter(ReplayResult::control).findFirst().orElseThrow();
        assertThat(control.error().type()).isEqualTo(ErrorTypes.SERVER_ERROR);
        assertThat(control.attempts()).isEqualTo(2);
        assertThat(control.judgement()).isNull();
        ReplayResult candidate = mine.stream().filter(r -> !r.control()).findFirst().orElseThrow();
        assertThat(candidate.failed()).isFalse();
        assertThat(candidate.judgement().delta()).isNull();
        assertThat(candidate.judgement().explanation()).contains("self-replay failed").contains(ErrorTypes.SERVER_ERROR);
    }

    @Test
    void aCallServedByAnotherModelIsJudgedAgainstTheIncumbentsReplayReplayedTwice() throws Exception {
        String group = startAtEnd("switched");
        worker(group, 16);
        String prefix = "switched-" + UUID.randomUUID() + "-";
        long incumbentReplays = sim.requests().count(INCUMBENT);
        // Given calls served by the good model after a switch, whose answers are no label the incumbent gives
        int calls = 10;
        for (int i = 0; i < calls; i++) {
            ReplayRequest served = request(prefix + i, i, List.of(GOOD, INCUMBENT), "exact");
            send(served.toBuilder().incumbent(INCUMBENT).originalOutput("not-a-label").originalCostUsd(0.0001)
                    .reference(null).judge("exact").projectedCostUsd(Map.of(GOOD, 0.002, INCUMBENT, 0.004)).campaignId(null)
                    .requestedAt(Instant.now()).api(null).servedBy(GOOD).build());
        }

        List<ReplayResult> mine = awaitResults(prefix, 2 * calls);

        // Then the incumbent was replayed twice per call: as the stand-in for production's answer and as the control
        assertThat(sim.requests().count(INCUMBENT) - incumbentReplays).isEqualTo(2L * calls);
        List<ReplayResult> controls = mine.stream().filter(ReplayResult::control).toList();
        assertThat(controls).hasSize(calls).allSatisfy(control -> {
            assertThat(control.model()).isEqualTo(INCUMBENT);
            assertThat(control.cost().note()).contains("second replay");
            assertThat(control.originalCostUsd()).isNull();
        });
        // And the model in production was judged against the incumbent's answer, not production's own
        List<ReplayResult> candidates = mine.stream().filter(r -> !r.control()).toList();
        assertThat(candidates).hasSize(calls).allSatisfy(result -> {
            assertThat(result.incumbent()).isEqualTo(INCUMBENT);
            assertThat(result.judgement().delta()).isNotNull();
            assertThat(result.judgement().baselineScore()).isNotNull();
            // the incumbent's cost on the call is its replay's, not production's (another model's)
            assertThat(result.originalCostUsd()).isNotEqualTo(0.0001).isPositive();
        });
        assertThat(candidates).anySatisfy(result -> assertThat(result.judgement().candidateScore()).isEqualTo(1.0));
    }

    @Test
    void aHangingProviderStallsNothingAndEndsAsTimeouts() throws Exception {
        String group = startAtEnd("hanging");
        sim.faults().always(HANGS, Fault.hang());
        worker(group, 4);
        String prefix = "hang-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 12; i++) {
            send(request(prefix + i, i, List.of(INCUMBENT, GOOD, HANGS), "exact"));
        }

        List<ReplayResult> mine = awaitResults(prefix, 12 * 3);

        List<ReplayResult> hung = mine.stream().filter(r -> r.model().equals(HANGS)).toList();
        assertThat(hung).hasSize(12).allSatisfy(r -> {
            assertThat(r.error().type()).isIn(ErrorTypes.TIMEOUT, ErrorTypes.CIRCUIT_OPEN);
            assertThat(r.judgement()).isNull();
        });
        assertThat(hung).anySatisfy(r -> assertThat(r.error().type()).isEqualTo(ErrorTypes.TIMEOUT));
        assertThat(mine.stream().filter(r -> !r.model().equals(HANGS))).hasSize(24).noneMatch(ReplayResult::failed);
    }

    @Test
    void anAbortedWorkerAndARebalanceLoseNoResult() throws Exception {
        String group = startAtEnd("restart");
        String prefix = "restart-" + UUID.randomUUID() + "-";
        int calls = 60;
        for (int i = 0; i < calls; i++) {
            send(request(prefix + i, i, List.of(INCUMBENT, GOOD), "exact"));
        }
        // the first ten candidate calls answer, the rest hang: the first worker is surely stopped with
        // results written and requests in flight, however slowly this machine runs (a slow answer alone
        // let it finish everything first under load)
        sim.faults().next(GOOD, 10, Fault.slow(Duration.ofMillis(1))).always(GOOD, Fault.hang());
        ReplayWorker first = worker(group, 8);
        await().atMost(PATIENCE).until(() -> resultsOf(prefix).size() >= 10 && first.inFlight() > 0);
        // a crash, as far as the group is concerned: nothing in flight is waited for or committed
        first.close(Duration.ZERO);
        sim.faults().clear();
        sim.releaseHangs();

        ReplayWorker second = worker(group, 8);
        ReplayWorker third = worker(group, 8);
        Set<String> expected = IntStream.range(0, calls).boxed()
                .flatMap(i -> List.of(prefix + i + "/" + INCUMBENT, prefix + i + "/" + GOOD).stream())
                .collect(Collectors.toSet());
        await().atMost(PATIENCE).until(() -> resultsOf(prefix).stream().map(ReplayResult::resultId)
                .collect(Collectors.toSet()).containsAll(expected));
        await().atMost(PATIENCE).until(() -> committedEverything(group));

        List<ReplayResult> mine = resultsOf(prefix);
        assertThat(mine.stream().map(ReplayResult::resultId).collect(Collectors.toSet())).isEqualTo(expected);
        // a duplicate is the same call replayed again: same id, same call, same model
        Map<String, List<ReplayResult>> byId = mine.stream().collect(Collectors.groupingBy(ReplayResult::resultId));
        byId.values().forEach(copies -> assertThat(copies).extracting(ReplayResult::callId, ReplayResult::model)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(copies.get(0).callId(), copies.get(0).model())));
        assertThat(second.failure()).isEmpty();
        assertThat(third.failure()).isEmpty();
    }

    @Test
    void aBadRecordGoesToTheDeadLetterTopicAndTheWorkerGoesOn() throws Exception {
        String group = startAtEnd("bad-records");
        ReplayWorker worker = worker(group, 4);
        String prefix = "bad-" + UUID.randomUUID() + "-";
        producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), prefix + "garbage",
                "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
        ReplayRequest noTargets = request(prefix + "empty", 0, List.of(), "exact");
        send(noTargets);
        send(request(prefix + "unknown-judge", 0, List.of(GOOD), "vibes"));
        send(request(prefix + "fine", 0, List.of(INCUMBENT, GOOD), "exact"));

        assertThat(awaitResults(prefix, 2)).extracting(ReplayResult::callId).containsOnly(prefix + "fine");
        try (TopicReader<DeadLetter> dlq = new TopicReader<>(kafka.bootstrapServers(), Topics.DLQ)) {
            await().atMost(PATIENCE).until(() -> dlq.poll().stream().filter(d -> d.key().startsWith(prefix)).count() == 3);
            Map<String, DeadLetter> letters = dlq.values().stream().filter(d -> d.key().startsWith(prefix))
                    .collect(Collectors.toMap(DeadLetter::key, d -> d));
            assertThat(letters.get(prefix + "garbage").reason()).contains("not valid JSON");
            assertThat(letters.get(prefix + "garbage").valueBase64()).isNotEmpty();
            assertThat(letters.get(prefix + "garbage").sourceTopic()).isEqualTo(Topics.REPLAY_REQUESTS.name());
            assertThat(letters.get(prefix + "garbage").component()).isEqualTo("replay-worker");
            assertThat(letters.get(prefix + "empty").reason()).contains("targets");
            assertThat(letters.get(prefix + "unknown-judge").reason()).contains("judge").contains("vibes");
        }
        assertThat(worker.isRunning()).isTrue();
        await().atMost(PATIENCE).until(() -> committedEverything(group));
    }

    @Test
    void neverWorksOnMoreRequestsThanItsBound() throws Exception {
        String group = startAtEnd("bounded");
        sim.faults().always(GOOD, Fault.slow(Duration.ofMillis(20)));
        // requests held by an earlier test's hang leave the server once released; count without them
        await().atMost(PATIENCE).until(() -> sim.requests().concurrent() == 0);
        sim.requests().clear();
        ReplayWorker worker = worker(group, 2);
        String prefix = "bound-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 30; i++) {
            send(request(prefix + i, i, List.of(GOOD), "exact"));
        }
        awaitResults(prefix, 30);
        // one target per request and 16 provider permits: the server sees the worker's own bound
        assertThat(sim.requests().maxConcurrent()).isLessThanOrEqualTo(2);
        assertThat(worker.inFlight()).isZero();
    }

    private ReplayWorker worker(String group, int maxInFlight) {
        LlmwatchConfig config = LlmwatchConfig.empty().withProviders(Map.of(
                "sim", ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(16).timeoutMs(5_000L)
                        .models(List.of("sim-incumbent", "sim-good", "sim-poor"))
                        .apis(List.of("chat_completions", "responses")).build(),
                "slow-vendor", ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(4).timeoutMs(500L)
                        .models(List.of(HANGS)).build()));
        ProviderRegistry providers = ProviderRegistry.builder(config).meters(meters)
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)))
                .breaker(BreakerPolicy.DEFAULT).build();
        ExactAgreementJudge exact = new ExactAgreementJudge();
        Replayer replayer = new Replayer(providers, kind -> kind == JudgeKind.EXACT ? exact : null,
                new LivePrices(PRICES, key -> null), new ReplayBody(ReplayConfig.DEFAULT), Clock.systemUTC());
        ReplayWorkerSettings settings = new ReplayWorkerSettings(KafkaClientSettings.of(kafka.bootstrapServers()), group, maxInFlight,
                Duration.ofSeconds(20), Duration.ofSeconds(5), Map.of());
        ReplayWorker worker = new ReplayWorker(settings, replayer, meters).start();
        closeAfter.add(providers);
        closeAfter.add(worker);
        return worker;
    }

    private static ReplayRequest request(String callId, int i, List<String> targets, String judge) {
        String label = LABELS.get(i % LABELS.size());
        ObjectNode body = Json.mapper().createObjectNode().put("model", INCUMBENT).put("temperature", 0.2);
        body.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", "Label the ticket."))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", "Ticket " + callId + ". "
                        + Expected.label(label, LABELS).tag()));
        Map<String, Double> projected = new HashMap<>();
        targets.forEach(t -> projected.put(t, 0.002));
        // production called "openai", which this deployment has no entry for: targets resolve by models
        return ReplayRequest.builder().callId(callId).callTimestamp(Instant.now()).app("shop").taskType("triage")
                .incumbent(INCUMBENT).provider("openai").request(body).originalOutput(label).originalUsage(Usage.of(40, 2))
                .originalCostUsd(0.0001).judge(judge).targets(targets).projectedCostUsd(projected).requestedAt(Instant.now())
                .build();
    }

    private static void send(ReplayRequest request) throws Exception {
        producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), request.callId(),
                Topics.REPLAY_REQUESTS.valueSerde().serializer().serialize(Topics.REPLAY_REQUESTS.name(), request))).get();
    }

    private static synchronized List<ReplayResult> resultsOf(String prefix) {
        return results.poll().stream().filter(r -> r.callId().startsWith(prefix)).toList();
    }

    private static List<ReplayResult> awaitResults(String prefix, int distinct) {
        await().atMost(PATIENCE).until(() -> resultsOf(prefix).stream().map(ReplayResult::resultId).distinct().count() >= distinct);
        List<ReplayResult> mine = resultsOf(prefix);
        assertThat(mine.stream().map(ReplayResult::resultId).distinct().count()).isEqualTo(distinct);
        return mine;
    }

    private static double meanCandidateScore(List<ReplayResult> results, String model) {
        return results.stream().filter(r -> r.model().equals(model) && r.judgement().candidateScore() != null)
                .mapToDouble(r -> r.judgement().candidateScore()).average().orElseThrow();
    }

    /** Gives a new group committed offsets at the current end, so it sees only this test's requests. */
    private static String startAtEnd(String name) throws Exception {
        String group = "replay-test-" + name + "-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(admin).forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        }
        return group;
    }

    private static boolean committedEverything(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(admin).forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e ->
                    committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue().offset());
        }
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(Topics.REPLAY_REQUESTS.name())).allTopicNames().get()
                .get(Topics.REPLAY_REQUESTS.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.REPLAY_REQUESTS.name(), p.partition())).toList();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
