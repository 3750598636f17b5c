package io.llmwatch.app.bench;

import io.llmwatch.config.KafkaClientSettings;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.stats.DecisionSimulation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recording proxy's overhead: the same chat-completions calls to one local upstream
 * ({@link BenchUpstream}), directly and through the collector's proxy, alternating one by one in one
 * run so that both see the same machine. Overhead = a percentile of the proxied latencies minus the
 * same percentile of the direct ones. The proxy records every call to a real (embedded) broker while
 * this runs. Goals: p50 &le; {@value #GOAL_P50_MS} ms, p99 &le; {@value #GOAL_P99_MS} ms.
 */
public final class ProxyBench {

    static final double GOAL_P50_MS = 2;
    static final double GOAL_P99_MS = 10;
    private static final String PROVIDER = "bench";
    private static final int WARM_UP_MIN = 1000;
    private static final String REQUEST = """
            {"model": "gpt-4.1-mini", "messages": [{"role": "system", "content": "You summarize support tickets in \
            two sentences for the on-call engineer. Keep product names, drop greetings."}, {"role": "user", "content": \
            "Ticket 48213: since the latest release, exports fail for accounts with more than one workspace. The \
            error appears only when totals include tax. Customer asks for a workaround before month end."}], \
            "temperature": 0.2, "max_completion_tokens": 200, "stream": %s}""";

    /**
     * Latency percentiles of one kind of call, in milliseconds.
     *
     * @param calls     measured calls per path
     * @param directP50 direct to the upstream
     * @param proxyP50  through the proxy
     */
    public record Figures(String kind, int calls, double directP50, double directP99, double proxyP50, double proxyP99) {

        @JsonProperty
        public double overheadP50() {
            return proxyP50 - directP50;
        }

        @JsonProperty
        public double overheadP99() {
            return proxyP99 - directP99;
        }

        @JsonProperty
        public boolean goalsMet() {
            return overheadP50() <= GOAL_P50_MS && overheadP99() <= GOAL_P99_MS;
        }
    }

    private ProxyBench() {
    }

    /** Measures {@code calls} non-streamed and {@code calls} streamed calls per path, prints and returns the figures. */
    public static List<Figures> run(PrintStream console, int calls) throws IOException, InterruptedException {
        String key = ApiKeys.generate();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             BenchUpstream upstream = new BenchUpstream();
             CollectorServer collector = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers()))
                     .port(0)
                     .apiKeys(ApiKeys.of(List.of(key)))
                     .proxy(ProxyOptions.defaults().withProviders(
                             Map.of(PROVIDER, ProviderConfig.builder().baseUrl(upstream.baseUrl()).build()))).build(),
                     new SimpleMeterRegistry())) {
            int port = collector.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI direct = URI.create(upstream.baseUrl() + "/chat/completions");
            URI proxied = URI.create("http://127.0.0.1:" + port + "/proxy/" + PROVIDER + "/v1/chat/completions");
            List<Figures> figures = List.of(
                    measure("non-streamed", false, calls, http, direct, proxied, key),
                    measure("streamed", true, calls, http, direct, proxied, key));
            print(console, figures);
            return figures;
        }
    }

    private static Figures measure(String kind, boolean stream, int calls, HttpClient http, URI direct, URI proxied,
                                   String key) throws IOException, InterruptedException {
        String body = REQUEST.formatted(stream);
        // As many rounds again to warm up: until the JIT has compiled both paths, its compiler threads
        // take much of the two cores and the figures say more about them than about the proxy.
        for (int i = 0; i < Math.max(WARM_UP_MIN, calls); i++) {
            call(http, direct, body, key);
            call(http, proxied, body, key);
        }
        long[] directNanos = new long[calls];
        long[] proxiedNanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            directNanos[i] = call(http, direct, body, key);
            proxiedNanos[i] = call(http, proxied, body, key);
        }
        return new Figures(kind, calls, percentile(directNanos, 0.50), percentile(directNanos, 0.99),
                percentile(proxiedNanos, 0.50), percentile(proxiedNanos, 0.99));
    }

    /** One call, read to its last byte; returns how long it took. */
    private static long call(HttpClient http, URI uri, String body, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-bench-not-a-real-key")
                .header(ApiKeyFilter.KEY_HEADER, key)
                .header("X-LLMWatch-App", "bench")
                .header("X-LLMWatch-Task", "proxy-overhead")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return took;
    }

    private static double percentile(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return DecisionSimulation.quantile(sorted, quantile) / 1e6;
    }

    private static void print(PrintStream console, List<Figures> figures) {
        console.println();
        console.println("Recording proxy overhead (the same local upstream, direct vs. through the proxy, alternating):");
        console.printf("%-14s %7s %11s %11s %11s %11s %13s %13s  %s%n", "calls", "n", "direct p50", "direct p99",
                "proxy p50", "proxy p99", "overhead p50", "overhead p99", "goals (p50 <= 2 ms, p99 <= 10 ms)");
        for (Figures f : figures) {
            console.printf(Locale.ROOT, "%-14s %,7d %8.3f ms %8.3f ms %8.3f ms %8.3f ms %10.3f ms %10.3f ms  %s%n",
                    f.kind(), f.calls(), f.directP50(), f.directP99(), f.proxyP50(), f.proxyP99(), f.overheadP50(),
                    f.overheadP99(), f.goalsMet() ? "met" : "missed");
        }
    }
}
