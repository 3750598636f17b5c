package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real broker that is stopped, restarted, or never there. */
class LlmWatchKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path brokerDir;

    private static int port;
    private static EmbeddedKafka kafka;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void startBroker() throws IOException {
        port = freePort();
        kafka = startKafka(true);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void callsAreRedactedAsTheCollectorRedactsThemBeforeTheyReachTheTopic() {
        String app = "redact-" + UUID.randomUUID();
        String quiet = "quiet-" + UUID.randomUUID();
        ObjectNode body = Json.mapper().createObjectNode().put("model", "gpt-4.1-mini").put("max_tokens", 100)
                .put("api_key", "sk-live-0123456789abcdefghijklmnop").put("password", "hunter2");
        body.putObject("metadata").put("client_secret", "s3cr3t").put("user", "u1");
        body.putArray("messages").addObject().put("role", "user").put("content", "Mail me at jane.doe@example.com");
        try (LlmWatch watch = LlmWatch.builder().bootstrapServers(kafka.bootstrapServers())
                .redaction(new RedactionConfig(null, Map.of(quiet, new RedactionConfig.AppRedaction(null, true))))
                .build()) {
            watch.record(CallBuilder.create().callId(app + "-1").app(app).taskType("t").requestModel("gpt-4.1-mini")
                    .request(body).outputText("Sent to jane.doe@example.com").build());
            watch.record(CallBuilder.create().callId(quiet + "-1").app(quiet).taskType("t").requestModel("gpt-4.1-mini")
                    .request(body).outputText("private answer").build());
            assertThat(watch.flush(WAIT)).isTrue();
        }

        LlmCall masked = published(app + "-1");
        assertThat(masked.request().has("api_key")).isFalse();
        assertThat(masked.request().has("password")).isFalse();
        assertThat(masked.request().path("metadata").has("client_secret")).isFalse();
        assertThat(masked.request().path("metadata").path("user").asText()).isEqualTo("u1");
        assertThat(masked.request().path("max_tokens").asInt()).isEqualTo(100);
        assertThat(masked.request().toString()).doesNotContain("jane.doe@example.com", "hunter2", "s3cr3t", "sk-live");
        assertThat(masked.outputText()).doesNotContain("jane.doe@example.com").contains("[REDACTED:email]");

        LlmCall dropped = published(quiet + "-1");
        assertThat(dropped.request().has("messages")).isFalse();
        assertThat(dropped.request().has("api_key")).isFalse();
        assertThat(dropped.outputText()).isNull();
        assertThat(dropped.attributes()).containsEntry(LlmCall.CONTENT_ATTRIBUTE, LlmCall.CONTENT_DROPPED);
    }

    private static LlmCall published(String callId) {
        try (TopicReader<LlmCall> reader = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS)) {
            return reader.readToEnd(WAIT).stream().filter(call -> callId.equals(call.callId())).findFirst().orElseThrow();
        }
    }

    @Test
    void callsRecordedWhileTheBrokerIsDownArriveOnceItIsBack() {
        String app = "spool-" + UUID.randomUUID();
        int calls = 10_000;
        long[] nanos = new long[calls];
        try (LlmWatch watch = LlmWatch.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .spoolDirectory(spoolDir)
                // Records the stopped broker never acknowledges fail after 4 s instead of 30 s.
                .producerProperty("delivery.timeout.ms", 4_000)
                .producerProperty("request.timeout.ms", 2_000)
                .build()) {
            watch.record(TestCalls.call(app + "-warm-up", app));
            assertThat(watch.flush(WAIT)).isTrue();

            kafka.close();
            List<LlmCall> toRecord = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                toRecord.add(TestCalls.call(app + "-" + i, app));
            }
            for (int i = 0; i < calls; i++) {
                long begin = System.nanoTime();
                watch.record(toRecord.get(i));
                nanos[i] = System.nanoTime() - begin;
            }
            try {
                await().atMost(WAIT).untilAsserted(() -> assertThat(watch.metrics().spooled())
                        .as("%s", watch.metrics()).isEqualTo(calls));
                assertThat(watch.metrics().sent()).isEqualTo(1);
                assertThat(watch.flush(Duration.ofMillis(200))).isFalse();
            } finally {
                kafka = startKafka(false);
            }
            assertThat(watch.flush(WAIT)).as("flush after the broker is back: %s", watch.metrics()).isTrue();
            assertThat(watch.metrics().dropped()).isZero();
            assertThat(watch.metrics().spoolBytes()).isZero();
        }
        Arrays.sort(nanos);
        System.out.printf("record() with the broker down, %,d calls: p50 %.1f us, p99 %.1f us, max %.1f us%n", calls,
                nanos[calls / 2] / 1e3, nanos[calls * 99 / 100] / 1e3, nanos[calls - 1] / 1e3);
        // Not a timing assertion: a caller that waited on the broker would wait seconds.
        assertThat(nanos[calls - 1]).isLessThan(TimeUnit.SECONDS.toNanos(1));

        Set<String> ids = callIds(app);
        assertThat(ids).hasSize(calls + 1).contains(app + "-0", app + "-" + (calls - 1), app + "-warm-up");
    }

    @Test
    void aCrashedInstancesSpoolIsSentByTheNextOneAndATornRecordIsSkipped() throws Exception {
        String app = "crash-" + UUID.randomUUID();
        int calls = 500;
        int closedPort = freePort();
        Process child = new ProcessBuilder(javaBinary(), "-Xmx128m", "-cp", classPathWithoutOptionalDependencies(),
                SpoolCrashChild.class.getName(), "127.0.0.1:" + closedPort, spoolDir.toString(), app,
                Integer.toString(calls))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> lines = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.startsWith(SpoolCrashChild.SPOOLED)
                    && !line.startsWith("NOT SPOOLED")) {
                lines.add(line);
            }
            assertThat(line).as("child output: %s", lines).isEqualTo(SpoolCrashChild.SPOOLED);
        } finally {
            child.destroyForcibly().waitFor();
        }
        // A crash in the middle of a write leaves the frame header of a record whose payload is missing.
        Path last;
        try (Stream<Path> files = Files.list(spoolDir)) {
            last = files.filter(f -> f.toString().endsWith(".spool")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.write(last, new byte[] {0, 0, 4, 0, 1, 2, 3, 4, 0, 0, 0, 36}, StandardOpenOption.APPEND);

        try (LlmWatch next = LlmWatch.builder().bootstrapServers(kafka.bootstrapServers()).spoolDirectory(spoolDir).build()) {
            assertThat(next.metrics().spoolCorrupt()).isEqualTo(1);
            assertThat(next.flush(WAIT)).as("flush: %s", next.metrics()).isTrue();
            assertThat(next.metrics().sent()).isGreaterThanOrEqualTo(calls);
        }
        assertThat(callIds(app)).hasSize(calls).contains(app + "-0", app + "-" + (calls - 1));
    }

    @Test
    void aFullSpoolDropsAndCountsWithoutBlockingTheCaller() throws IOException {
        int calls = 2_000;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LlmWatch watch = LlmWatch.builder()
                .bootstrapServers("127.0.0.1:" + freePort())
                .spoolDirectory(spoolDir)
                .spoolMaxBytes(128 * 1024)
                .queueCapacity(100)
                .meterRegistry(registry)
                .build()) {
            long begin = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                watch.record(TestCalls.call("full-" + i, "full"));
            }
            long elapsed = System.nanoTime() - begin;
            await().atMost(WAIT).until(() -> watch.metrics().spooled() + watch.metrics().dropped() == calls);

            SdkMetrics metrics = watch.metrics();
            assertThat(metrics.recorded()).isEqualTo(calls);
            assertThat(metrics.dropped()).isPositive();
            assertThat(metrics.spooled()).isPositive();
            assertThat(metrics.sent()).isZero();
            assertThat(metrics.spoolBytes()).isPositive().isLessThanOrEqualTo(128 * 1024);
            assertThat(registry.get("llmwatch.sdk.dropped").functionCounter().count()).isEqualTo(metrics.dropped());
            assertThat(registry.get("llmwatch.sdk.spooled").functionCounter().count()).isEqualTo(metrics.spooled());
            assertThat(registry.get("llmwatch.sdk.recorded").functionCounter().count()).isEqualTo(calls);
            assertThat(registry.get("llmwatch.sdk.spool.bytes").gauge().value()).isEqualTo(metrics.spoolBytes());
            assertThat(registry.get("llmwatch.sdk.queue.depth").gauge().value()).isZero();
            // Not a timing assertion: 2,000 calls against a broker that never answers, far under max.block.ms each.
            assertThat(elapsed).isLessThan(TimeUnit.SECONDS.toNanos(calls));
            watch.close(Duration.ZERO);
        }
    }

    @Test
    void withoutASpoolCallsAreDroppedWhileKafkaIsAwayAndSentOnceItIsThere(@TempDir Path otherBrokerDir) throws IOException {
        int laterPort = freePort();
        try (LlmWatch watch = LlmWatch.builder().bootstrapServers("127.0.0.1:" + laterPort).build()) {
            watch.record(TestCalls.call("no-spool-lost", "no-spool"));
            await().atMost(WAIT).until(() -> watch.metrics().dropped() == 1);

            try (EmbeddedKafka later = EmbeddedKafka.builder().port(laterPort).logDir(otherBrokerDir).start()) {
                await().atMost(WAIT).untilAsserted(() -> {
                    watch.record(TestCalls.call("no-spool-" + UUID.randomUUID(), "no-spool"));
                    assertThat(watch.flush(Duration.ofSeconds(2))).isTrue();
                    assertThat(watch.metrics().sent()).isPositive();
                });
            }
        }
    }

    @Test
    void missingFieldsAreFilledAndTheCallIsKeyedByItsId() {
        String app = "defaults-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-11-30T10:15:30Z");
        LlmCall bare = CallBuilder.create().requestModel("gpt-4.1-nano").outputText("hi").build();
        try (LlmWatch watch = LlmWatch.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .app(app)
                .taskType("classify-intent")
                .environment("staging")
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build()) {
            watch.record(bare);
            watch.record(CallBuilder.from(bare).app(app).taskType("own-task").environment("dev")
                    .callId(app + "-own").timestamp(now.minusSeconds(60)).build());
            assertThat(watch.flush(WAIT)).isTrue();
        }
        List<ConsumerRecord<String, LlmCall>> records = records(app);
        assertThat(records).hasSize(2);
        LlmCall filled = records.stream().map(ConsumerRecord::value)
                .filter(c -> !c.callId().equals(app + "-own")).findFirst().orElseThrow();
        assertThat(UUID.fromString(filled.callId()).version()).isEqualTo(4);
        assertThat(filled.timestamp()).isEqualTo(now);
        assertThat(filled.taskType()).isEqualTo("classify-intent");
        assertThat(filled.environment()).isEqualTo("staging");
        LlmCall own = records.stream().map(ConsumerRecord::value)
                .filter(c -> c.callId().equals(app + "-own")).findFirst().orElseThrow();
        assertThat(own.timestamp()).isEqualTo(now.minusSeconds(60));
        assertThat(own.taskType()).isEqualTo("own-task");
        assertThat(own.environment()).isEqualTo("dev");
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().callId()));
    }

    @Test
    void invalidCallsAreCountedNotThrown() {
        try (LlmWatch watch = LlmWatch.builder().bootstrapServers(kafka.bootstrapServers()).build()) {
            watch.record(null);
            watch.record(CallBuilder.create().app("a").taskType("t").build());
            watch.record(CallBuilder.create().app("a/b").taskType("t").requestModel("m").build());
            watch.record(CallBuilder.create().app("a").taskType("t").requestModel("m").latencyMs(-1.0).build());
            assertThat(watch.metrics().invalid()).isEqualTo(4);
            assertThat(watch.metrics().recorded()).isZero();
            assertThat(watch.flush(WAIT)).isTrue();
            watch.close();
            watch.record(TestCalls.call("after-close", "a"));
            assertThat(watch.metrics().dropped()).isEqualTo(1);
        }
    }

    private static Set<String> callIds(String app) {
        return records(app).stream().map(r -> r.value().callId()).collect(Collectors.toSet());
    }

    private static List<ConsumerRecord<String, LlmCall>> records(String app) {
        try (TopicReader<LlmCall> reader = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS)) {
            reader.readToEnd(WAIT);
            return reader.records().stream().filter(r -> app.equals(r.value().app())).toList();
        }
    }

    private static EmbeddedKafka startKafka(boolean createTopics) {
        return EmbeddedKafka.builder().port(port).logDir(brokerDir.resolve("kafka")).createTopics(createTopics).start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test class path (Surefire hides it behind a manifest-only jar) without Micrometer, the
     * OpenAI SDK, LangChain4j or YAML: the child proves the SDK runs on its lean runtime class path.
     */
    private static String classPathWithoutOptionalDependencies() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.matches(".*(micrometer|openai|langchain4j|kotlin|okhttp|okio|yaml).*"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
