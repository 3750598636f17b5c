package io.llmwatch.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.collector.otlp.OtlpEndpoint;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzz: {@link #REQUESTS} seeded hostile requests each on ingest, OTLP and the proxy (random JSON,
 * wrong types, 5 MB strings, deep nesting, invalid UTF-8, NaN, far-future timestamps, arrays of 10k
 * events, wrong content types, truncated bodies). Every one is answered below 500, every 4xx says
 * what is wrong (in JSON, or as an OTLP protobuf Status to a protobuf request), and valid traffic
 * flows afterwards. A failure names the seed and index of
 * the request, so it can be replayed.
 */
class HostileRequestsTest {

    /** 10,000 under {@code -Pfaults}; fewer in the default build, which must stay fast. */
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 1_500);
    private static final long SEED = 14L;
    private static final int CLIENTS = 4;

    private static EmbeddedKafka kafka;
    private static HttpServer upstream;
    private static CollectorServer server;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String FIVE_MB = "x".repeat(5 * 1024 * 1024);
    /** Valid events are recent: older ones are rejected by pipeline.max_event_age. */
    private static final java.time.Instant NOW = java.time.Instant.now();
    private static final String START_NANOS = Long.toString(NOW.toEpochMilli() * 1_000_000L);
    private static final String END_NANOS = Long.toString(NOW.toEpochMilli() * 1_000_000L + 1_000_000_000L);

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        // an upstream that answers every chat completion, so that the proxy's own handling is what is fuzzed
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = """
                    {"id": "c", "object": "chat.completion", "model": "gpt-4.1-mini", "choices": [{"index": 0,
                     "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.setExecutor(Executors.newFixedThreadPool(4));
        upstream.start();
        ProviderConfig provider = Json.mapper().treeToValue(Json.mapper().createObjectNode()
                .put("base_url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1").put("timeout_ms", 10_000),
                ProviderConfig.class);
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .proxy(ProxyOptions.defaults().withProviders(Map.of("open", provider))).build(), new SimpleMeterRegistry());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void ingestAnswersEveryHostileRequestBelow500() throws Exception {
        fuzz(CollectorServer.EVENTS_PATH, Target.INGEST);
    }

    @Test
    void otlpAnswersEveryHostileRequestBelow500() throws Exception {
        fuzz(OtlpEndpoint.PATH, Target.OTLP);
    }

    @Test
    void theProxyAnswersEveryHostileRequestBelow500() throws Exception {
        fuzz("/proxy/open/v1/chat/completions", Target.PROXY);
    }

    enum Target { INGEST, OTLP, PROXY }

    /** One hostile request: what it is (for the report), its content type and body. */
    record Hostile(String kind, String contentType, byte[] body) {
    }

    private void fuzz(String path, Target target) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        List<String> failures = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = client; i < REQUESTS; i += CLIENTS) {
                        Hostile hostile = hostile(new Random(SEED * 1_000_003L + i * 31L + target.ordinal()), target);
                        kinds.computeIfAbsent(hostile.kind(), k -> new AtomicInteger()).incrementAndGet();
                        HttpResponse<String> response = post(path, hostile.contentType(), hostile.body());
                        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        String problem = problem(response);
                        if (problem != null) {
                            synchronized (failures) {
                                failures.add("#" + i + " (" + hostile.kind() + ", " + hostile.contentType() + "): " + problem);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf("fuzz %s: %d hostile requests, answers %s, kinds %s%n", target, REQUESTS, new TreeMap<>(statuses),
                new TreeMap<>(kinds));
        assertThat(failures).as("requests answered 5xx or without a JSON reason (seed %d)", SEED).isEmpty();

        // Then the process is alive and valid traffic flows
        HttpResponse<String> valid = post(path, "application/json", valid(target).getBytes(StandardCharsets.UTF_8));
        assertThat(valid.statusCode()).as(valid.body()).isBetween(200, 299);
    }

    /** Null when the answer is acceptable: below 500, and a 4xx carries a JSON body saying what is wrong. */
    private static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "answered " + status + ": " + abbreviate(response.body());
        }
        if (status >= 400) {
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-protobuf")) {
                // an OTLP client that sent protobuf gets its error as a protobuf Status, as OTLP/HTTP says
                return response.body().isEmpty() ? "answered " + status + " with an empty protobuf body" : null;
            }
            try {
                JsonNode body = Json.mapper().readTree(response.body());
                if (body == null || body.isEmpty()) {
                    return "answered " + status + " without a reason";
                }
            } catch (IOException e) {
                return "answered " + status + " with a body that is not JSON: " + abbreviate(response.body());
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // a server may close the connection on a body beyond its limit; it must still be alive
            throw new IOException("no answer to a " + body.length + "-byte request: " + e, e);
        }
    }

    private static String valid(Target target) {
        return switch (target) {
            case INGEST -> call("fuzz-after", "\"" + NOW + "\"");
            case OTLP -> span("\"gen_ai.request.model\"", "{\"stringValue\": \"gpt-4.1\"}");
            case PROXY -> "{\"model\": \"gpt-4.1-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        };
    }

    private static String call(String id, String timestamp) {
        return "{\"call_id\": \"" + id + "\", \"timestamp\": " + timestamp
                + ", \"app\": \"fuzz\", \"task_type\": \"t\", \"request_model\": \"gpt-4.1\"}";
    }

    private static String span(String key, String value) {
        return """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "fuzz"}}]},
                 "scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
                 "name": "chat gpt-4.1", "startTimeUnixNano": "%s", "endTimeUnixNano": "%s",
                 "attributes": [{"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                                {"key": %s, "value": %s}]}]}]}]}""".formatted(START_NANOS, END_NANOS, key, value);
    }

    /** A seeded hostile request for the target. */
    static Hostile hostile(Random random, Target target) {
        String json = "application/json";
        return switch (random.nextInt(14)) {
            case 0 -> new Hostile("random-json", json, bytes(randomJson(random, 0)));
            case 1 -> new Hostile("wrong-type", json, bytes(wrongType(random, target)));
            case 2 -> random.nextInt(20) == 0
                    ? new Hostile("5mb-string", json, bytes(validWith(target, "\"" + FIVE_MB + "\"")))
                    : new Hostile("long-string", json, bytes(validWith(target, "\"" + "y".repeat(random.nextInt(200_000)) + "\"")));
            case 3 -> new Hostile("deep-nesting", json, bytes("[".repeat(1 + random.nextInt(50_000)) + "]".repeat(random.nextInt(3))));
            case 4 -> new Hostile("deep-object", json, bytes("{\"a\":".repeat(1 + random.nextInt(5_000)) + "1"
                    + "}".repeat(random.nextInt(5_000))));
            case 5 -> new Hostile("invalid-utf8", json, invalidUtf8(random, target));
            case 6 -> new Hostile("nan-infinity", json, bytes(validWith(target,
                    List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "123456789012345678901234567890").get(random.nextInt(6)))));
            case 7 -> new Hostile("far-future-timestamp", json, bytes(target == Target.INGEST
                    ? call("fuzz-ts", List.of("\"9999-12-31T23:59:59Z\"", "\"+1000000000-01-01T00:00:00Z\"", "1764496800000",
                            "\"2026-02-30T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "1e300").get(random.nextInt(6)))
                    : target == Target.OTLP ? span("\"gen_ai.request.model\"", "{\"stringValue\": \"m\"}")
                            .replace(END_NANOS, List.of("99999999999999999999", "-1", "\"soon\"", "1e30").get(random.nextInt(4)))
                    : validWith(target, "\"9999-12-31T23:59:59Z\"")));
            case 8 -> random.nextInt(50) == 0
                    ? new Hostile("10k-events", json, bytes(tenThousand(random, target)))
                    : new Hostile("small-array", json, bytes("[" + String.join(",", java.util.Collections.nCopies(
                            1 + random.nextInt(20), randomJson(random, 2))) + "]"));
            case 9 -> new Hostile("wrong-content-type", List.of("text/plain", "application/xml", "application/x-protobuf",
                    "multipart/form-data; boundary=x", "application/json; charset=latin1", "image/png", "*/*")
                    .get(random.nextInt(7)), bytes(valid(target)));
            case 10 -> new Hostile("no-content-type", null, bytes(valid(target)));
            case 11 -> {
                byte[] whole = bytes(valid(target));
                yield new Hostile("truncated", json, java.util.Arrays.copyOf(whole, random.nextInt(whole.length)));
            }
            case 12 -> {
                byte[] garbage = new byte[random.nextInt(4096)];
                random.nextBytes(garbage);
                yield new Hostile("random-bytes", random.nextBoolean() ? json : "application/x-protobuf", garbage);
            }
            default -> new Hostile("valid-with-nulls", json, bytes(valid(target).replaceAll("\"[a-z_.]+\"(?=,|})", "null")));
        };
    }

    /** The target's valid body with a string value of one of its fields replaced. */
    private static String validWith(Target target, String value) {
        return switch (target) {
            case INGEST -> "{\"call_id\": \"fuzz-v\", \"timestamp\": \"" + NOW + "\", \"app\": \"fuzz\","
                    + " \"task_type\": \"t\", \"request_model\": " + value + ", \"latency_ms\": " + (value.startsWith("\"") ? "1" : value) + "}";
            case OTLP -> span("\"gen_ai.request.model\"", "{\"stringValue\": " + value + "}");
            case PROXY -> "{\"model\": " + value + ", \"messages\": [{\"role\": \"user\", \"content\": " + value
                    + "}], \"temperature\": " + (value.startsWith("\"") ? "0.2" : value) + "}";
        };
    }

    private static String wrongType(Random random, Target target) {
        String value = List.of("{}", "[]", "true", "12", "\"text\"", "null", "[1, 2]", "{\"a\": 1}").get(random.nextInt(8));
        return switch (target) {
            case INGEST -> {
                String field = List.of("call_id", "timestamp", "app", "task_type", "request_model", "usage", "latency_ms",
                        "request", "labels", "error").get(random.nextInt(10));
                yield "{\"call_id\": \"fuzz-w\", \"timestamp\": \"" + NOW + "\", \"app\": \"fuzz\", \"task_type\": \"t\","
                        + " \"request_model\": \"gpt-4.1\", \"" + field + "\": " + value + "}";
            }
            case OTLP -> List.of("{\"resourceSpans\": " + value + "}",
                    "{\"resourceSpans\": [{\"scopeSpans\": " + value + "}]}",
                    "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"attributes\": " + value + "}]}]}]}",
                    span("\"gen_ai.usage.input_tokens\"", "{\"intValue\": " + value + "}"),
                    span(value, "{\"stringValue\": \"x\"}")).get(random.nextInt(5));
            case PROXY -> List.of("{\"model\": " + value + ", \"messages\": []}", "{\"model\": \"m\", \"messages\": " + value + "}",
                    "{\"model\": \"m\", \"messages\": [" + value + "]}", "{\"model\": \"m\", \"messages\": [], \"stream\": " + value + "}",
                    "{\"model\": \"m\", \"messages\": [{\"role\": " + value + ", \"content\": " + value + "}]}")
                    .get(random.nextInt(5));
        };
    }

    private static String tenThousand(Random random, Target target) {
        StringBuilder out = new StringBuilder(target == Target.OTLP ? "{\"resourceSpans\": [" : "[");
        for (int i = 0; i < 10_000; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(switch (target) {
                case INGEST -> i % 2 == 0 ? "{\"call_id\": " + i + "}" : "{}";
                case OTLP -> "{\"scopeSpans\": [{\"spans\": [{}]}]}";
                case PROXY -> "{\"role\": \"user\", \"content\": \"" + i + "\"}";
            });
        }
        return out.append(target == Target.OTLP ? "]}" : "]").toString();
    }

    private static byte[] invalidUtf8(Random random, Target target) {
        byte[] valid = bytes(validWith(target, "\"PLACEHOLDER\""));
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("PLACEHOLDER");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0xBC}, {(byte) 0xC0, (byte) 0xAF}, {0}};
        byte[] chosen = bad[random.nextInt(bad.length)];
        out.write(chosen, 0, chosen.length);
        out.write(valid, at + "PLACEHOLDER".length(), valid.length - at - "PLACEHOLDER".length());
        return out.toByteArray();
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> "\"" + List.of("", "a", "call_id", "\\u0000", "\\ud800", "€", "gpt-4.1").get(random.nextInt(7)) + "\"";
            case 1 -> Long.toString(random.nextLong());
            case 2 -> List.of("true", "false", "null", "-0", "1.5e308", "0.0000001").get(random.nextInt(6));
            case 3 -> Double.toString(random.nextGaussian() * 1e6);
            case 4 -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    out.append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield out.append(']').toString();
            }
            default -> {
                List<String> keys = List.of("call_id", "timestamp", "app", "task_type", "request_model", "usage", "model",
                        "messages", "resourceSpans", "scopeSpans", "spans", "attributes", "x");
                StringBuilder out = new StringBuilder("{");
                for (int i = random.nextInt(5); i > 0; i--) {
                    out.append('"').append(keys.get(random.nextInt(keys.size()))).append("\":")
                            .append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield out.append('}').toString();
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
