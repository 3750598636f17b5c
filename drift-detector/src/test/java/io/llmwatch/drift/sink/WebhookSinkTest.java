package io.llmwatch.drift.sink;

import static io.llmwatch.drift.sink.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.WebhookConfig;
import io.llmwatch.config.WebhookConfig.Format;
import io.llmwatch.drift.sink.RecordingServer.Answer;
import io.llmwatch.drift.sink.RecordingServer.Request;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** {@link WebhookSink} against a real HTTP server on 127.0.0.1. */
class WebhookSinkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RecordingServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void deliversExactlyOnceAfterAServerErrorAndATooManyRequestsHonouringRetryAfter(Format format) throws Exception {
        server.answer(Answer.of(500), new Answer(429, Map.of("Retry-After", "1")));
        DriftAlert alert = alert("a-1", "support", Severity.CRITICAL);

        try (WebhookSink sink = sink(config(server.url("/hook"), format, 5, 1000, Duration.ofSeconds(10), Map.of()))) {
            sink.send(alert);
            await().atMost(PATIENCE).until(() -> counter("llmwatch.webhook.delivered") == 1);
        }

        List<Request> requests = server.requests();
        assertThat(requests).extracting(Request::answeredWith).containsExactly(500, 429, 200);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.body()).isEqualTo(requests.get(0).body());
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Idempotency-Key")).isEqualTo("a-1/firing");
        });
        assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        if (format == Format.GENERIC) {
            assertThat(Json.mapper().readValue(requests.get(2).body(), DriftAlert.class)).isEqualTo(alert);
        } else {
            JsonNode body = Json.mapper().readTree(requests.get(2).body());
            assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("text");
            assertThat(body.get("text").asText()).isEqualTo("*[CRITICAL] QUALITY_DRIFT firing: support/summarize-ticket (gpt-4.1)*\n"
                    + "summarize-ticket: quality of gpt-4.1 fell from 0.86 to 0.79 (n=412) &lt;since the provider update&gt; &amp; holds\n"
                    + "_dedup key: QUALITY_DRIFT/support/summarize-ticket/gpt-4.1_");
        }
        assertThat(counter("llmwatch.webhook.retries")).isEqualTo(2);
        assertThat(dropped("max_attempts") + dropped("rejected") + dropped("queue_full") + dropped("closed")).isZero();
    }

    @Test
    void aDeadEndpointNeverBlocksSendAndEndsCountedAsDroppedWithoutSecretsInTheLog() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String secretUrl = "http://127.0.0.1:" + deadPort + "/services/T0001/B0001/SECRETTOKEN";
        ListAppender<ILoggingEvent> log = captureLog();
        WebhookConfig config = config(secretUrl, Format.SLACK, 3, 1000, Duration.ofSeconds(5), Map.of("Authorization", "HOOK_AUTH"));

        try (WebhookSink sink = new WebhookSink("dead", config, registry, Map.of("HOOK_AUTH", "Bearer s3cr3t")::get)) {
            assertTimeoutPreemptively(PATIENCE, () -> {
                for (int i = 0; i < 3; i++) {
                    sink.send(alert("a-" + i, "support", Severity.WARNING));
                }
            });
            await().atMost(PATIENCE).until(() -> dropped("max_attempts") == 3);
        } finally {
            detach(log);
        }

        assertThat(counter("llmwatch.webhook.retries")).isEqualTo(6);
        assertThat(counter("llmwatch.webhook.delivered")).isZero();
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(3)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("dropped", "max_attempts", "127.0.0.1:" + deadPort));
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("SECRETTOKEN") || m.contains("s3cr3t") || m.contains("T0001"));
    }

    @Test
    void aFullQueueDropsNewAlertsAtOnceAndTheQueuedOnesFollowInOrder() throws Exception {
        server.hold();
        try (WebhookSink sink = sink(config(server.url("/hook"), Format.GENERIC, 5, 2, Duration.ofSeconds(30), Map.of()))) {
            sink.send(alert("first", "support", Severity.INFO));
            await().atMost(PATIENCE).until(() -> server.requests().size() == 1);

            for (int i = 2; i <= 6; i++) {
                sink.send(alert("a-" + i, "support", Severity.INFO));
            }
            assertThat(dropped("queue_full")).isEqualTo(3);

            server.release();
            await().atMost(PATIENCE).until(() -> counter("llmwatch.webhook.delivered") == 3);
        }

        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly("first/firing", "a-2/firing", "a-3/firing");
    }

    @Test
    void aFinalAnswerIsNotRetried() throws Exception {
        server.answer(Answer.of(400));

        try (WebhookSink sink = sink(config(server.url("/hook"), Format.GENERIC, 5, 10, Duration.ofSeconds(10), Map.of()))) {
            sink.send(alert("a-1", "support", Severity.INFO));
            await().atMost(PATIENCE).until(() -> dropped("rejected") == 1);
        }

        assertThat(server.requests()).hasSize(1);
        assertThat(counter("llmwatch.webhook.retries")).isZero();
    }

    @Test
    void closeDropsWhatIsNotDeliveredAndRefusesNewAlerts() throws Exception {
        server.hold();
        WebhookSink sink = sink(config(server.url("/hook"), Format.GENERIC, 5, 10, Duration.ofSeconds(1), Map.of()));
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        stages.add(sink.send(alert("in-flight", "support", Severity.INFO)));
        await().atMost(PATIENCE).until(() -> server.requests().size() == 1);
        stages.add(sink.send(alert("queued-1", "support", Severity.INFO)));
        stages.add(sink.send(alert("queued-2", "support", Severity.INFO)));

        sink.close();
        stages.add(sink.send(alert("late", "support", Severity.INFO)));

        assertThat(dropped("closed")).isEqualTo(4);
        // not done: whoever waits on them must not count them delivered (AlertDelivery leaves them uncommitted)
        assertThat(stages).allSatisfy(stage -> assertThat(stage).isCompletedExceptionally());
        assertThat(counter("llmwatch.webhook.delivered")).isZero();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void headersAndTheUrlComeFromTheNamedEnvironmentVariables() throws Exception {
        WebhookConfig config = new WebhookConfig(null, "HOOK_URL", Format.GENERIC, null, null, null, null, null, null,
                Map.of("Authorization", "HOOK_AUTH"));
        Map<String, String> environment = Map.of("HOOK_URL", server.url("/from-env"), "HOOK_AUTH", "Bearer s3cr3t");

        try (WebhookSink sink = new WebhookSink("env", config, registry, environment::get)) {
            sink.send(alert("a-1", "support", Severity.INFO));
            await().atMost(PATIENCE).until(() -> counter("llmwatch.webhook.delivered") == 1);
        }

        assertThat(server.requests("/from-env")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer s3cr3t"));
    }

    @Test
    void anUnsetOrInvalidVariableIsNamedButItsValueNeverShown() {
        WebhookConfig byEnv = new WebhookConfig(null, "HOOK_URL", null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new WebhookSink("x", byEnv, registry, Map.<String, String>of()::get))
                .hasMessage("webhook x: the environment variable HOOK_URL (url_env) is not set");
        assertThatThrownBy(() -> new WebhookSink("x", byEnv, registry, Map.of("HOOK_URL", "hooks-secret-value")::get))
                .hasMessageContaining("HOOK_URL").hasMessageNotContaining("hooks-secret-value");
        WebhookConfig withHeader = new WebhookConfig(server.url("/"), null, null, null, null, null, null, null, null,
                Map.of("Authorization", "HOOK_AUTH"));
        assertThatThrownBy(() -> new WebhookSink("x", withHeader, registry, Map.<String, String>of()::get))
                .hasMessageContaining("HOOK_AUTH (headers_env.Authorization) is not set");
    }

    private WebhookSink sink(WebhookConfig config) {
        return new WebhookSink("test", config, registry, Map.<String, String>of()::get);
    }

    private static WebhookConfig config(String url, Format format, int maxAttempts, int queueCapacity, Duration timeout,
                                        Map<String, String> headersEnv) {
        return new WebhookConfig(url, null, format, null, null, maxAttempts, Duration.ofMillis(10), timeout, queueCapacity,
                headersEnv);
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private double dropped(String reason) {
        return registry.get("llmwatch.webhook.dropped").tag("reason", reason).counter().count();
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(WebhookSink.class);
        logger.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        Logger logger = (Logger) LoggerFactory.getLogger(WebhookSink.class);
        logger.detachAppender(appender);
        logger.setLevel(null);
    }
}
