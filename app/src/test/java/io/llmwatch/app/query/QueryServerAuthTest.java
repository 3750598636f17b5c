package io.llmwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API with read keys configured ({@code query.api_keys}): the data needs a key, the page does not. */
class QueryServerAuthTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "lw_read_test_key";

    static EmbeddedKafka kafka;
    static SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static QueryServer server;
    static int port;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        LlmwatchConfig config = config("query: {api_keys: [" + KEY + "]}");
        server = new QueryServer(kafka.bootstrapServers(), 0, config.query(), meters);
        port = server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        kafka.close();
    }

    @Test
    void everyApiRequestWithoutAValidKeyIsRefused() throws Exception {
        for (String path : new String[] {"/api/leaderboard", "/api/comparisons", "/api/comparisons/history",
                "/api/recommendations", "/api/alerts"}) {
            HttpResponse<String> none = send(path, null, null);
            HttpResponse<String> wrong = send(path, ApiKeyFilter.KEY_HEADER, "not-the-key");

            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(none.body()).contains(ApiKeyFilter.KEY_HEADER).doesNotContain(KEY);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("not-the-key");
        }
        assertThat(meters.counter("llmwatch.query.auth.refused").count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theKeyIsAcceptedInTheHeaderOrAsABearerToken() throws Exception {
        assertThat(send("/api/leaderboard", ApiKeyFilter.KEY_HEADER, KEY).statusCode()).isEqualTo(200);
        assertThat(send("/api/alerts", "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void theDashboardFilesAndHealthNeedNoKeyForTheyHoldNoData() throws Exception {
        HttpResponse<String> page = send("/", null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"key-form\"");
        assertThat(send("/dashboard.js", null, null).statusCode()).isEqualTo(200);
        assertThat(send("/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyReadKeyIsAConfigErrorNamingTheField() {
        assertThatThrownBy(() -> config("query: {api_keys: ['']}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("query.api_keys");
    }

    private static LlmwatchConfig config(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static HttpResponse<String> send(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
