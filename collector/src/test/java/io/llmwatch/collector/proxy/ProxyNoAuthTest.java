package io.llmwatch.collector.proxy;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Defect 6 of the review: with {@code --no-auth} the proxy was an open relay that spent the
 * server's own provider key for anyone who reached the port. Without collector keys it now lends no
 * server-side key: a caller without its own {@code Authorization} is answered 401.
 */
class ProxyNoAuthTest {

    private static OpenAiUpstream upstream;
    private static CollectorServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        upstream = new OpenAiUpstream();
        ProxyOptions proxy = ProxyOptions.defaults()
                .withProviders(Map.of("keyed", ProxyFixture.provider(upstream.baseUrl(), ProxyFixture.PROVIDER_KEY_ENV, 10_000)))
                .withEnvironment(Map.of(ProxyFixture.PROVIDER_KEY_ENV, ProxyFixture.PROVIDER_KEY)::get);
        // No Kafka is needed to see who pays: the recorded calls fail to publish, in the background.
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of("127.0.0.1:9")).port(0)
                .apiKeys(ApiKeys.disabled()).proxy(proxy).build(), new SimpleMeterRegistry());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aCallerWithoutItsOwnKeyIsRefusedAndTheServerKeyIsNotSent() throws Exception {
        upstream.reset();

        HttpResponse<String> response = chat(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("authorization_required").contains("--no-auth")
                .doesNotContain(ProxyFixture.PROVIDER_KEY);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aCallerWithItsOwnKeyIsForwardedWithThatKey() throws Exception {
        upstream.reset();

        HttpResponse<String> response = chat("Bearer sk-the-callers-own-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer sk-the-callers-own-key");
    }

    private static HttpResponse<String> chat(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/proxy/keyed/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"gpt-4.1-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
