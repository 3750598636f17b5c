package io.llmwatch.collector.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.event.LlmCall;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy with the broker down: every proxied call is answered, and recorded exactly once by
 * {@code call_id} once Kafka is back, even across a collector restart in the middle of the outage
 * (the calls wait in the SDK's disk spool). Real broker stopped and restarted on the same port and
 * data directory, real upstream and collector on 127.0.0.1.
 */
class ProxyBrokerOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void callsProxiedWhileTheBrokerIsDownAreSpooledAndRecordedOnceItIsBack(@TempDir Path brokerDir, @TempDir Path spool)
            throws Exception {
        int brokerPort = freePort();
        String task = ProxyFixture.newTask("outage");
        List<Integer> answers = new ArrayList<>();
        EmbeddedKafka kafka = broker(brokerPort, brokerDir);
        try (OpenAiUpstream upstream = new OpenAiUpstream()) {
            ProxyOptions proxy = ProxyOptions.defaults()
                    .withProviders(Map.of("open", ProxyFixture.provider(upstream.baseUrl(), null, 10_000)))
                    .withSpoolDirectory(spool);
            CollectorOptions options = CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0).proxy(proxy).build();

            // Given calls through the proxy while the broker is up
            CollectorServer collector = new CollectorServer(options, new SimpleMeterRegistry());
            int port = collector.start();
            answers.addAll(send(port, task, 10));
            // When the broker stops, calls go on, and the collector restarts in the middle of the outage
            kafka.close();
            answers.addAll(send(port, task, 20));
            collector.close();
            collector = new CollectorServer(options.toBuilder().port(port).build(), new SimpleMeterRegistry());
            collector.start();
            answers.addAll(send(port, task, 10));
            // and the broker comes back
            long restartedAt = System.nanoTime();
            kafka = broker(brokerPort, brokerDir);
            answers.addAll(send(port, task, 10));

            // Then every call was answered, and each is on llmwatch.calls, none lost, none twice
            assertThat(answers).hasSize(50).containsOnly(200);
            try (TopicReader<LlmCall> calls = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS)) {
                await().atMost(PATIENCE).until(() -> distinct(ofTask(calls.poll(), task)).size() >= 50);
                long recovered = Duration.ofNanos(System.nanoTime() - restartedAt).toMillis();
                List<LlmCall> recorded = ofTask(calls.readToEnd(PATIENCE), task);
                Set<String> ids = distinct(recorded);
                System.out.printf("proxy with the broker down: sent 50 (30 during the outage, a collector restart in it),"
                        + " answered %d, recorded %d distinct, %d records, lost %d, within %d ms of the broker's return%n",
                        answers.size(), ids.size(), recorded.size(), 50 - ids.size(), recovered);
                assertThat(ids).hasSize(50);
            } finally {
                collector.close();
            }
        } finally {
            kafka.close();
        }
    }

    private static List<LlmCall> ofTask(List<LlmCall> calls, String task) {
        return calls.stream().filter(call -> task.equals(call.taskType())).toList();
    }

    private static Set<String> distinct(List<LlmCall> calls) {
        return calls.stream().map(LlmCall::callId).collect(Collectors.toSet());
    }

    private List<Integer> send(int port, String task, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/proxy/open/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-LLMWatch-App", "support")
                    .header("X-LLMWatch-Task", task)
                    .POST(HttpRequest.BodyPublishers.ofString(ProxyFixture.chatBody("gpt-4.1-mini", "call " + i, false, false)))
                    .build();
            statuses.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return statuses;
    }

    private static EmbeddedKafka broker(int port, Path dir) {
        return EmbeddedKafka.builder().port(port).logDir(dir).start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
