package io.llmwatch.collector.proxy;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventTimeWindow;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * One embedded broker, one {@link OpenAiUpstream} and one collector with the proxy in front of it,
 * for a test class. Providers: {@code keyed} (API key from the environment variable
 * {@value #PROVIDER_KEY_ENV}), {@code open} (the caller's Authorization passes), {@code slow}
 * (300 ms timeout), {@code dead} (a closed port).
 */
final class ProxyFixture implements AutoCloseable {

    static final String COLLECTOR_KEY = "lw_test-collector-key-0123456789abcdefghijklmnop";
    static final String PROVIDER_KEY_ENV = "TEST_PROVIDER_API_KEY";
    static final String PROVIDER_KEY = "sk-provider-secret-key-0123456789abcdef";
    /** The collector's own keys are in the environment too, as {@code llmwatch run} reads them. */
    static final String OWN_KEYS_ENV = "LLMWATCH_API_KEYS";
    /** Long enough for a test's own immediate retry; an SDK's back-off needs more. */
    static final Duration SHORT_RETRY_GRACE = Duration.ofMillis(500);

    final EmbeddedKafka kafka;
    final OpenAiUpstream upstream;
    final CollectorServer server;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Duration retryGrace;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TopicReader<LlmCall> calls;
    private final int port;

    ProxyFixture(RedactionConfig redaction, Duration retryGrace) throws IOException {
        this(redaction, retryGrace, Map.of());
    }

    /** @param more further providers, e.g. other upstreams a test starts */
    ProxyFixture(RedactionConfig redaction, Duration retryGrace, Map<String, ProviderConfig> more) throws IOException {
        this.retryGrace = retryGrace;
        kafka = EmbeddedKafka.start();
        upstream = new OpenAiUpstream();
        Map<String, ProviderConfig> providers = new java.util.HashMap<>(more);
        providers.putAll(Map.of(
                "keyed", provider(upstream.baseUrl(), PROVIDER_KEY_ENV, 10_000),
                "open", provider(upstream.baseUrl(), null, 10_000),
                "slow", provider(upstream.baseUrl(), null, 300),
                "dead", provider("http://127.0.0.1:" + closedPort() + "/v1", null, 5_000)));
        ProxyOptions proxy = ProxyOptions.defaults()
                .withProviders(providers)
                .withEnvironment(Map.of(PROVIDER_KEY_ENV, PROVIDER_KEY, OWN_KEYS_ENV, COLLECTOR_KEY)::get)
                .withRetryGrace(retryGrace);
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .apiKeys(ApiKeys.of(List.of(COLLECTOR_KEY)))
                // The ingest fixtures of CollectorSecurityTest are calls of 2024: an archive's window.
                .eventTimes(new EventTimeWindow(Duration.ofDays(3_650), EventTimeWindow.DEFAULT_MAX_FUTURE_SKEW))
                .redaction(redaction)
                .proxy(proxy).build(), registry);
        port = server.start();
        calls = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code http://127.0.0.1:PORT/proxy/<provider>/v1}: the base URL an SDK is given. */
    String proxyBase(String provider) {
        return "http://127.0.0.1:" + port + "/proxy/" + provider + "/v1";
    }

    /** A chat-completions request to the proxy with the collector key and a task label. */
    HttpRequest.Builder chat(String provider, String task, String body) {
        return HttpRequest.newBuilder(URI.create(proxyBase(provider) + "/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY)
                .header("X-LLMWatch-App", "support")
                .header("X-LLMWatch-Task", task)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for {@code count} recorded calls of the task and returns all of them seen so far. */
    List<LlmCall> awaitCalls(String task, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded(task).size() >= count);
        return recorded(task);
    }

    LlmCall awaitCall(String task) {
        List<LlmCall> found = awaitCalls(task, 1);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** The recorded calls of the task read so far (polls once more). */
    List<LlmCall> recorded(String task) {
        return calls.poll().stream().filter(call -> task.equals(call.taskType())).toList();
    }

    /** Every call on the topic, up to its end now. */
    List<LlmCall> allCalls() {
        return calls.readToEnd(Duration.ofSeconds(60));
    }

    static String newTask(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String chatBody(String model, String content, boolean stream, boolean includeUsage) {
        String options = includeUsage ? ", \"stream_options\": {\"include_usage\": true}" : "";
        return """
                {"model": "%s", "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "%s"}], "temperature": 0.2, "stream": %s%s}"""
                .formatted(model, content, stream, options);
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** A provider as the config file would give it (read from its YAML/JSON form, as llmwatch.yaml is). */
    static ProviderConfig provider(String baseUrl, String apiKeyEnv, long timeoutMs) {
        ObjectNode json = Json.mapper().createObjectNode().put("base_url", baseUrl).put("timeout_ms", timeoutMs);
        if (apiKeyEnv != null) {
            json.put("api_key_env", apiKeyEnv);
        }
        try {
            return Json.mapper().treeToValue(json, ProviderConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        calls.close();
        server.close();
        upstream.close();
        kafka.close();
    }
}
