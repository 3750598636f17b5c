package io.llmwatch.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayRequests;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.scorer.replay.ReplayWorkerSettings;
import io.llmwatch.sim.Fault;
import io.llmwatch.sim.Latency;
import io.llmwatch.sim.Payments;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The replay ledger under SIGKILL: the replay worker ({@link ReplayWorkerProcess}, the production
 * {@code ReplayService}) in a JVM of its own against a broker in another ({@link BrokerProcess}),
 * replaying against the simulated provider in this JVM, which counts what it would charge per model
 * and prompt. The worker is SIGKILLed with replays in flight and started again. Then no (call,
 * model) was paid twice, and every one has a result: a real one, or {@code interrupted} when the
 * crash left it unknown whether the provider was paid and the provider does not honour idempotency
 * keys. A provider that honours them gets the interrupted replays again under the same key, so every
 * one has a real result, still paid once.
 *
 * <p>Before the ledger, the restarted worker replayed every request after the committed offset: the
 * test computes, at the kill, how many paid replays that would have paid again.
 */
@Tag("faults")
class ReplayLedgerCrashTest {

    private static final int REQUESTS = 60;
    private static final String INCUMBENT = "sim-incumbent";
    private static final String CANDIDATE = "sim-candidate";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int CHAOS_REQUESTS = 80;
    private static final int CHAOS_FAULTS = 120;
    private static final Fault NO_FAULT = Fault.slow(Duration.ZERO);
    private static final String GROUP = ReplayWorkerSettings.DEFAULT_GROUP;

    private static Path root;
    private static String bootstrap;
    private static ChildJvm broker;
    private static KafkaProducer<String, byte[]> producer;
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        root = Files.createTempDirectory("llmwatch-replay-crash-");
        int port = freePort();
        bootstrap = "127.0.0.1:" + port;
        broker = ChildJvm.start("broker", root.resolve("broker-work"), root.resolve("broker.log"), BrokerProcess.READY,
                Duration.ofMinutes(2), BrokerProcess.class.getName(), Integer.toString(port),
                root.resolve("kafka-data").toString(), "3");
        // Not idempotent, one request in flight: the first send to a freshly started broker can meet
        // NOT_LEADER_OR_FOLLOWER, after which the idempotent producer of Kafka 4.1.1 looped on
        // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (2 of 3 CI runs), and the requests
        // never reached the worker. Without sequence numbers the retry simply succeeds.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
                "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.close();
        }
        FIGURES.forEach(System.out::println);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aProviderWithoutIdempotencyKeysIsNeverPaidTwiceAcrossAWorkerSigkill() throws Exception {
        Outcome outcome = crashDuringReplays("plain-", false);
        // Then no (call, model) was paid twice, and every one has a result
        assertThat(outcome.maxPaid()).isEqualTo(1);
        assertThat(outcome.missing()).isEmpty();
        // those left unknown by the crash are reported interrupted, not paid again
        assertThat(outcome.interrupted()).isPositive();
        assertThat(outcome.wouldHavePaidAgain()).as("the kill left paid replays uncommitted").isPositive();
    }

    @Test
    @Tag("faults-full")
    void aProviderHonouringIdempotencyKeysGetsTheInterruptedReplaysAgainAndIsPaidOnce() throws Exception {
        Outcome outcome = crashDuringReplays("keys-", true);
        assertThat(outcome.maxPaid()).isEqualTo(1);
        assertThat(outcome.missing()).isEmpty();
        // every replay has a real result: the interrupted ones were sent again under the same key
        assertThat(outcome.interrupted()).isZero();
        assertThat(outcome.failed()).isZero();
    }

    /**
     * Replay under provider chaos across a worker SIGKILL. Both models answer a seeded mix of 5xx,
     * 429 with {@code Retry-After}, garbage JSON (a 200 cut off mid-body), answers slower than the
     * client's timeout, and hangs, while the worker is killed part-way and restarted, and a second
     * batch of requests arrives after the restart. The provider does not honour idempotency keys.
     *
     * <p>The replay worker enforces no budget of its own: the sampler charges each request's projected
     * cost against its task's daily budget before the request is written. So the spend bound asserted
     * here is the provider's charge against the sum of the projected costs the sampler charged, each
     * payment valued at its (call, model)'s projected cost.
     *
     * <p>The bound proved per (call, model): paid at most once across the crash (the ledger), plus one
     * for each attempt that met an answer slower than the client's timeout: the provider completes
     * and charges it after the client gave up and retried (docs/fault-suite.md, "The guarantee").
     */
    @Test
    void replayUnderProviderChaosNeitherStallsNorPaysTwiceAcrossAWorkerSigkill() throws Exception {
        String prefix = "chaos-";
        Duration timeout = Duration.ofMillis(1_500);
        Fault pastTimeout = Fault.slow(timeout.plusMillis(700));
        try (SimulatedProvider sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 0.9).withLatency(Latency.fixed(200)))
                .model(SimulatedModel.of(CANDIDATE, 0.9).withLatency(Latency.fixed(200)))
                .maxHang(Duration.ofSeconds(3)).start();
                TopicReader<ReplayResult> results = new TopicReader<>(bootstrap, Topics.REPLAY_RESULTS)) {
            // Given a provider whose every model meets a seeded mix of faults, one request in four or so
            // (denser, and its circuit breaker opens and fails the rest fast: no stall, but little chaos)
            Random random = new Random(14);
            Fault[] mix = {Fault.serverError(), new Fault.ServerError(503), Fault.rateLimited(1), Fault.malformed(),
                pastTimeout, Fault.hang()};
            for (String model : List.of(INCUMBENT, CANDIDATE)) {
                for (int i = 0; i < CHAOS_FAULTS; i++) {
                    sim.faults().next(model, 1, random.nextInt(4) > 0 ? NO_FAULT : mix[random.nextInt(mix.length)]);
                }
            }
            Path config = root.resolve(prefix + "llmwatch.yaml");
            Files.writeString(config, """
                    providers:
                      sim: {base_url: "%s", max_concurrency: 16, timeout_ms: %d, models: [%s, %s], idempotency_keys: false}
                    """.formatted(sim.baseUrl(), timeout.toMillis(), INCUMBENT, CANDIDATE));
            List<ReplayRequest> requests = new ArrayList<>();
            sendRequests(prefix + "a", CHAOS_REQUESTS / 2, requests);
            ChildJvm worker = startWorker(prefix, config);
            // When the worker is SIGKILLed part-way through the first batch, with replays in flight
            // (the first 16 go out at once, the provider's concurrency; 24 means some have been answered)
            await(() -> sim.requests().count() >= 24);
            worker.kill();
            long paidAtKill = sim.payments().total();
            // and started again, with a second batch arriving after the restart
            long restarted = System.nanoTime();
            worker = startWorker(prefix, config);
            try {
                sendRequests(prefix + "b", CHAOS_REQUESTS / 2, requests);
                Set<String> expected = requests.stream().flatMap(r -> r.targets().stream().map(m -> r.callId() + "/" + m))
                        .collect(Collectors.toSet());
                // Then no stall: every (call, model) has a result within the bound
                await(() -> ids(results, prefix).containsAll(expected));
                double toResults = (System.nanoTime() - restarted) / 1e9;
                Map<String, ReplayResult> first = new HashMap<>();
                results.poll().stream().filter(r -> r.callId().startsWith(prefix)).forEach(r -> first.putIfAbsent(r.resultId(), r));
                sim.releaseHangs();
                // and what the provider charged, per (call, model), against what the ledger allows
                Map<String, Long> slowPastTimeout = sim.requests().all().stream()
                        .filter(r -> pastTimeout.toString().equals(r.fault()))
                        .collect(Collectors.groupingBy(r -> r.headers().getOrDefault("idempotency-key", "?"),
                                Collectors.counting()));
                Map<String, Integer> byPrompt = sim.payments().byPrompt();
                int pairs = 0;
                int paidTwice = 0;
                int beyondBound = 0;
                int maxPaid = 0;
                double charged = 0;
                double projected = 0;
                for (ReplayRequest request : requests) {
                    for (String model : request.targets()) {
                        pairs++;
                        int paid = byPrompt.getOrDefault(Payments.prompt(model, request.request()), 0);
                        long allowedExtra = slowPastTimeout.getOrDefault(ReplayLedgerEntry.idempotencyKey(request, model), 0L);
                        maxPaid = Math.max(maxPaid, paid);
                        paidTwice += paid > 1 ? 1 : 0;
                        beyondBound += paid > 1 + allowedExtra ? 1 : 0;
                        charged += paid * request.projectedCostUsd().get(model);
                        projected += request.projectedCostUsd().get(model);
                    }
                }
                long interrupted = first.values().stream()
                        .filter(r -> r.failed() && ErrorTypes.INTERRUPTED.equals(r.error().type())).count();
                long failed = first.values().stream().filter(ReplayResult::failed).count();
                Map<String, Long> faultsMet = sim.requests().all().stream()
                        .filter(r -> r.fault() != null && !r.fault().equals(NO_FAULT.toString()))
                        .collect(Collectors.groupingBy(r -> r.fault().equals(pastTimeout.toString()) ? "SlowPastTimeout"
                                : r.fault().replaceAll("\\[.*", ""), TreeMap::new, Collectors.counting()));
                String line = String.format(Locale.ROOT, "replay under provider chaos (SIGKILL + restart, no idempotency keys):"
                        + " %d replays of %d requests, %d provider requests, faults met %s; worker SIGKILLed after %d payments;"
                        + " every replay had a result %.1f s after the restart (%d interrupted, %d other failures);"
                        + " paid %d in all, at most %d per (call, model); %d paid twice, all after a client timeout"
                        + " in one process (%d beyond that bound); charged %.4f USD of %.4f USD projected",
                        pairs, requests.size(), sim.requests().count(), faultsMet, paidAtKill, toResults, interrupted,
                        failed - interrupted, sim.payments().total(), maxPaid, paidTwice, beyondBound, charged, projected);
                // the row of docs/fault-suite.md's chaos table
                String row = String.format(Locale.ROOT, "| %d | %d | %s | %d | %.1f s | %d | %d | %d | %d | %d | %.4f / %.4f USD |",
                        pairs, sim.requests().count(), faultsMet.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                                .collect(Collectors.joining(", ")), paidAtKill, toResults, interrupted, failed - interrupted,
                        sim.payments().total(), paidTwice, beyondBound, charged, projected);
                System.out.println(line);
                System.out.println(row);
                FIGURES.add(line);
                FIGURES.add(row);
                assertThat(expected).allMatch(first::containsKey);
                assertThat(beyondBound).as("(call, model) paid more than once, beyond the in-process timeout retries").isZero();
                assertThat(charged).as("charged by the provider vs the projected cost the sampler charged the budget")
                        .isLessThanOrEqualTo(projected);
            } finally {
                worker.close();
            }
        }
    }

    /** Publishes {@code count} replay requests, call ids {@code prefix0…}, and adds them to {@code into}. */
    private static void sendRequests(String prefix, int count, List<ReplayRequest> into) {
        for (int i = 0; i < count; i++) {
            ReplayRequest request = request(prefix + i);
            into.add(request);
            producer.send(new ProducerRecord<>(Topics.REPLAY_REQUESTS.name(), request.callId(),
                    Topics.REPLAY_REQUESTS.valueSerde().serializer().serialize("", request)));
        }
        producer.flush();
    }

    private record Outcome(int maxPaid, long interrupted, long failed, Set<String> missing, long wouldHavePaidAgain) {
    }

    private Outcome crashDuringReplays(String prefix, boolean honourKeys) throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 0.9).withLatency(Latency.fixed(1_000)))
                .model(SimulatedModel.of(CANDIDATE, 0.9).withLatency(Latency.fixed(1_000)))
                .honourIdempotencyKeys(honourKeys).start();
                TopicReader<ReplayResult> results = new TopicReader<>(bootstrap, Topics.REPLAY_RESULTS)) {
            Path config = root.resolve(prefix + "llmwatch.yaml");
            Files.writeString(config, """
                    providers:
                      sim: {base_url: "%s", max_concurrency: 16, timeout_ms: 30000, models: [%s, %s], idempotency_keys: %s}
                    """.formatted(sim.baseUrl(), INCUMBENT, CANDIDATE, honourKeys));
            // Given replay requests and a worker part-way through them
            List<ReplayRequest> requests = new ArrayList<>();
            sendRequests(prefix, REQUESTS, requests);
            ChildJvm worker = startWorker(prefix, config);
            await(() -> sim.payments().total() >= REQUESTS / 2);
            // When it is SIGKILLed with replays in flight
            worker.kill();
            // (what an at-least-once worker would pay again: the paid replays of requests not committed)
            Thread.sleep(1_500);
            long wouldHavePaidAgain = paidButUncommitted(sim, requests);
            long paidAtKill = sim.payments().total();
            // and started again
            worker = startWorker(prefix, config);
            try {
                Set<String> expected = requests.stream().flatMap(r -> r.targets().stream().map(m -> r.callId() + "/" + m))
                        .collect(Collectors.toSet());
                await(() -> ids(results, prefix).containsAll(expected));
                Thread.sleep(2_000);
                List<ReplayResult> mine = results.poll().stream().filter(r -> r.callId().startsWith(prefix)).toList();
                Map<String, ReplayResult> first = new HashMap<>();
                mine.forEach(r -> first.putIfAbsent(r.resultId(), r));
                Map<String, Integer> paid = new HashMap<>();
                for (ReplayRequest request : requests) {
                    for (String model : request.targets()) {
                        paid.put(request.callId() + "/" + model,
                                sim.payments().byPrompt().getOrDefault(Payments.prompt(model, request.request()), 0));
                    }
                }
                long interrupted = first.values().stream()
                        .filter(r -> r.failed() && ErrorTypes.INTERRUPTED.equals(r.error().type())).count();
                long failed = first.values().stream().filter(ReplayResult::failed).count();
                Set<String> missing = expected.stream().filter(id -> !first.containsKey(id)).collect(Collectors.toSet());
                int maxPaid = paid.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                String line = String.format("replay ledger (%s): %d replays of %d requests; worker SIGKILLed after %d payments;"
                        + " paid %d in all, at most %d per (call, model); %d interrupted (not re-sent), %d other failures,"
                        + " %d results published for %d result ids; %d paid replays were uncommitted at the kill, which the"
                        + " at-least-once worker would have paid again; %d answered again from the idempotency key",
                        honourKeys ? "provider honours idempotency keys" : "provider without idempotency keys", expected.size(),
                        REQUESTS, paidAtKill, sim.payments().total(), maxPaid, interrupted, failed - interrupted, mine.size(),
                        first.size(), wouldHavePaidAgain, sim.payments().repeatedKeys());
                System.out.println(line);
                FIGURES.add(line);
                return new Outcome(maxPaid, interrupted, failed, missing, wouldHavePaidAgain);
            } finally {
                worker.close();
            }
        }
    }

    /**
     * The replays already paid whose request's offset the killed worker had not committed: each is
     * one the worker before the ledger replayed, and paid, again.
     */
    private static long paidButUncommitted(SimulatedProvider sim, List<ReplayRequest> requests) throws Exception {
        Map<String, Integer> byPrompt = sim.payments().byPrompt();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                TopicReader<ReplayRequest> all = new TopicReader<>(bootstrap, Topics.REPLAY_REQUESTS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            all.readToEnd(Duration.ofMinutes(1));
            Set<String> mine = requests.stream().map(ReplayRequest::callId).collect(Collectors.toSet());
            long again = 0;
            for (var record : all.records()) {
                OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
                if (mine.contains(record.key()) && (offset == null || record.offset() >= offset.offset())) {
                    for (String model : record.value().targets()) {
                        again += byPrompt.getOrDefault(Payments.prompt(model, record.value().request()), 0) > 0 ? 1 : 0;
                    }
                }
            }
            return again;
        }
    }

    private static Set<String> ids(TopicReader<ReplayResult> results, String prefix) {
        return results.poll().stream().filter(r -> r.callId().startsWith(prefix)).map(ReplayResult::resultId)
                .collect(Collectors.toSet());
    }

    private static ChildJvm startWorker(String prefix, Path config) throws Exception {
        return ChildJvm.start("replay-worker", root.resolve("worker-work"), root.resolve(prefix + "worker.log"),
                ReplayWorkerProcess.READY, Duration.ofMinutes(2), ReplayWorkerProcess.class.getName(), bootstrap,
                config.toString());
    }

    private static ReplayRequest request(String callId) {
        return ReplayRequests.triage(callId, INCUMBENT, CANDIDATE);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + PATIENCE);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
