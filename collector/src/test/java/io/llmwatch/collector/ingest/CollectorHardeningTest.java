package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector against the clients of a black-box review: events from the future and the past,
 * numbers that are not finite, bodies that are not JSON, amplification, gzip bombs and stalled
 * uploads. Each test names the defect it reproduces.
 */
class CollectorHardeningTest {

    private static final String KEY = "lw_hardening-test-key-0123456789abcdefghij";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private static EmbeddedKafka kafka;
    private static CollectorServer server;
    private static int port;
    private static Http http;
    private static TopicReader<DeadLetter> dlq;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .apiKeys(ApiKeys.of(List.of(KEY)))
                .limits(new RequestLimits(1_000, 100, READ_TIMEOUT)).build(), new SimpleMeterRegistry());
        port = server.start();
        http = new Http(port);
        dlq = new TopicReader<>(kafka.bootstrapServers(), Topics.DLQ);
    }

    @AfterAll
    static void stop() {
        if (dlq != null) {
            dlq.close();
        }
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    // Defect 1: an event 2 h ahead was accepted (202) and stopped the scorer; -5 (1969) was accepted too.
    @Test
    void eventsOutsideTheTimeWindowAreRejectedNamingTheTimestamp() {
        Instant now = Instant.now();
        for (String timestamp : List.of(quoted(now.plus(Duration.ofHours(2))), "-5", quoted(Instant.parse("0001-01-01T00:00:00Z")),
                quoted(Instant.parse("2999-01-01T00:00:00Z")), quoted(now.minus(Duration.ofDays(8))))) {
            HttpResponse<String> response = post(CollectorServer.EVENTS_PATH, call(newId(), timestamp, "300", "0.01"));

            assertThat(response.statusCode()).as(timestamp).isEqualTo(400);
            assertThat(fields(response)).as(timestamp).containsExactly("timestamp");
        }
        assertThat(post(CollectorServer.EVENTS_PATH, call(newId(), quoted(now), "300", "0.01")).statusCode()).isEqualTo(202);
    }

    // Defect 2: NaN, Infinity, 1e999 and 1e308 passed the non-negative checks and showed as "Infinity".
    @Test
    void numbersThatAreNotFiniteOrAbsurdAreRejectedNamingTheField() {
        String now = quoted(Instant.now());
        for (String latency : List.of("\"NaN\"", "\"Infinity\"", "1e999", "1e308")) {
            assertThat(fields(post(CollectorServer.EVENTS_PATH, call(newId(), now, latency, "0.01")))).as(latency)
                    .containsExactly("latency_ms");
        }
        for (String cost : List.of("\"NaN\"", "\"Infinity\"", "1e999", "1e308")) {
            assertThat(fields(post(CollectorServer.EVENTS_PATH, call(newId(), now, "300", cost)))).as(cost)
                    .containsExactly("cost.amount");
        }
    }

    // Defect 6: cross-origin text/plain POSTs (sent by browsers without a preflight) were accepted.
    @Test
    void onlyJsonIsAcceptedSoABrowserCannotPostCrossOrigin() {
        String body = call(newId(), quoted(Instant.now()), "300", "0.01");
        HttpResponse<String> plain = http.send(authorised(CollectorServer.EVENTS_PATH)
                .header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> none = http.send(authorised(CollectorServer.EVENTS_PATH)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(Http.json(plain).get("message").asText()).contains("application/json").contains("text/plain");
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(http.send(authorised(CollectorServer.EVALUATIONS_PATH).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
    }

    @Test
    void otlpNamesBothEncodingsAndTakesGzip() throws IOException {
        HttpResponse<String> text = http.send(authorised("/v1/traces").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> protobuf = http.send(authorised("/v1/traces").header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {10, 0})));
        HttpResponse<String> gzipped = http.send(authorised("/v1/traces").header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("{\"resourceSpans\": []}".getBytes(StandardCharsets.UTF_8)))));

        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(Http.json(text).get("message").asText()).contains("application/x-protobuf").contains("application/json");
        assertThat(protobuf.statusCode()).isEqualTo(200);
        assertThat(gzipped.statusCode()).isEqualTo(200);
    }

    // Defect 7: OTLP gzip inflated to 16 MiB while the README says 1 MiB; one limit now, gzip or not.
    @Test
    void aGzipBodyIsHeldToTheSameOneMebibyteAsAPlainOne() throws IOException {
        byte[] bomb = gzip(("{\"resourceSpans\": [], \"pad\": \"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(10_000);

        for (String path : List.of("/v1/traces", CollectorServer.EVENTS_PATH)) {
            HttpResponse<String> response = http.send(authorised(path).header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));

            assertThat(response.statusCode()).as(path).isEqualTo(413);
            assertThat(response.body()).as(path).contains(Long.toString(CollectorOptions.DEFAULT_MAX_BODY_BYTES));
        }
    }

    // Defect 7: one 1 MiB request of [1,1,…] produced 500,000 dead letters.
    @Test
    void aRequestOfTooManyItemsIsRefusedWholeAndDeadLettersNothing() {
        byte[] ones = ("[" + "1,".repeat(524_000) + "1]").getBytes(StandardCharsets.UTF_8);
        int lettersBefore = dlq.readToEnd(Duration.ofSeconds(30)).size();

        HttpResponse<String> response = http.send(authorised(CollectorServer.EVENTS_PATH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(ones)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Http.json(response).get("message").asText()).contains("1000").contains("collector.max_items_per_request");
        assertThat(dlq.readToEnd(Duration.ofSeconds(30))).hasSize(lettersBefore);
    }

    @Test
    void rejectedItemsBeyondTheLimitAreSummarisedInOneDeadLetter() {
        String source = "item-" + UUID.randomUUID();
        String items = String.join(",", Collections.nCopies(1_000, "{\"call_id\": \"" + source + "\"}"));

        HttpResponse<String> response = post(CollectorServer.EVENTS_PATH, "[" + items + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("rejected")).hasSize(1_000);
        List<DeadLetter> letters = dlq.readToEnd(Duration.ofSeconds(30));
        assertThat(letters).filteredOn(letter -> source.equals(letter.key())).hasSize(100);
        assertThat(letters).filteredOn(letter -> letter.key() == null && letter.reason().startsWith("$ 900 more items"))
                .hasSize(1);
    }

    // Defect 7: 300 stalled uploads made an ordinary request wait 26 s, and the stalls were answered 500.
    @Test
    void stalledUploadsAreAnswered408AndDoNotStopAnOrdinaryRequest() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                stalled.add(stall());
            }
            HttpResponse<String> ordinary = post(CollectorServer.EVENTS_PATH, call(newId(), quoted(Instant.now()), "300", "0.01"));

            assertThat(ordinary.statusCode()).isEqualTo(202);
            assertThat(statusLine(stalled.get(0))).contains(" 408 ");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    // Defect 6: both HTTP servers bound every interface.
    @Test
    void theCollectorListensOnLoopbackOnly() {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeThat(other).as("this machine has an address other than loopback").isPresent();

        assertThat(CollectorOptions.builder(KafkaClientSettings.of("kafka:9092")).build().host()).isEqualTo("127.0.0.1");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(other.get(), port), 2_000);
            throw new AssertionError("the collector answered on " + other.get());
        } catch (IOException refused) {
            assertThat(refused).isNotNull();
        }
    }

    /** An authenticated upload that sends its headers and 10 bytes of a 1,000-byte body, then nothing. */
    private static Socket stall() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + CollectorServer.EVENTS_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + ApiKeyFilter.KEY_HEADER + ": " + KEY + "\r\nContent-Length: 1000\r\n\r\n[{\"call_i").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(nic -> {
                        try {
                            return nic.isUp() && !nic.isLoopback();
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static HttpRequest.Builder authorised(String path) {
        return HttpRequest.newBuilder(http.uri(path)).header(ApiKeyFilter.KEY_HEADER, KEY);
    }

    private static HttpResponse<String> post(String path, String json) {
        return http.send(authorised(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static List<String> fields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        for (JsonNode rejection : Http.json(response).path("rejected")) {
            rejection.path("errors").forEach(error -> fields.add(error.get("field").asText()));
        }
        return fields;
    }

    private static String call(String callId, String timestamp, String latency, String cost) {
        return """
                {"call_id": "%s", "timestamp": %s, "app": "support", "task_type": "summarize-ticket",
                 "request_model": "gpt-4.1", "usage": {"input_tokens": 100, "output_tokens": 20},
                 "latency_ms": %s, "cost": {"amount": %s}}""".formatted(callId, timestamp, latency, cost);
    }

    private static String quoted(Instant instant) {
        return "\"" + instant + "\"";
    }

    private static String newId() {
        return "call-" + UUID.randomUUID();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
