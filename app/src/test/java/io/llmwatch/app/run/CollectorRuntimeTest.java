package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.bench.BenchUpstream;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The collector as {@code llmwatch run} starts it: keys required, providers and redaction from the config file. */
class CollectorRuntimeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void theCollectorRequiresTheKeyAndProxiesAndRedactsAsConfigured() throws Exception {
        String key = ApiKeys.generate();
        try (BenchUpstream upstream = new BenchUpstream()) {
            LlmwatchConfig config = LlmwatchConfig.read(new ByteArrayInputStream("""
                    providers:
                      local: {base_url: "%s"}
                    collector:
                      default_app: gateway
                      redaction: {patterns: ['Ticket \\d+']}
                    """.formatted(upstream.baseUrl()).getBytes(StandardCharsets.UTF_8)), "test");
            try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.of(Component.COLLECTOR),
                    null, 0, 0, 0, stateDir, config, PriceCatalog.defaults(), 1, ApiKeys.of(List.of(key))))) {
                String base = "http://127.0.0.1:" + runtime.collectorPort();
                String chat = """
                        {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "Ticket 48213 is on fire"}]}""";

                assertThat(post(base + "/v1/events", "{}", null).statusCode()).isEqualTo(401);
                assertThat(post(base + "/proxy/local/v1/chat/completions", chat, null).statusCode()).isEqualTo(401);
                HttpResponse<String> proxied = post(base + "/proxy/local/v1/chat/completions", chat, key);

                assertThat(proxied.statusCode()).isEqualTo(200);
                assertThat(proxied.body()).contains("chatcmpl-bench");
                try (TopicReader<LlmCall> calls = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.CALLS)) {
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !calls.poll().isEmpty());
                    LlmCall call = calls.values().get(0);
                    assertThat(call.app()).isEqualTo("gateway");
                    assertThat(call.provider()).isEqualTo("local");
                    assertThat(call.request().toString()).contains("[REDACTED:custom] is on fire");
                }
            }
        }
    }

    @Test
    void theServersListenOnLoopbackUnlessToldOtherwise() {
        RunCommand local = new RunCommand();
        new CommandLine(local).parseArgs();
        RunCommand anywhere = new RunCommand();
        new CommandLine(anywhere).parseArgs("--bind", "0.0.0.0");

        assertThat(local.ports.bind).isEqualTo("127.0.0.1");
        assertThat(anywhere.ports.bind).isEqualTo("0.0.0.0");
    }

    private static HttpResponse<String> post(String uri, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-LLMWatch-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
