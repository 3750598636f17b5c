package io.llmwatch.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private static final int FIRST_REQUESTS = 8;

    @Test
    void theServletIsReadyForConcurrentFirstRequestsBeforeThePortOpens() throws Exception {
        // Given a server as llmwatch configures them, whose servlet builds its settings on first use
        Javalin app = Javalin.create(config -> ServerSettings.base(config, Duration.ofSeconds(5)))
                .get("/hello", ctx -> ctx.result("hello"));
        assertThat(ServerSettings.lazySettings(app)).as("built lazily by Javalin").noneMatch(kotlin.Lazy::isInitialized);
        try {
            // When it is started the llmwatch way
            int port = ServerSettings.start(app, "127.0.0.1", 0);

            // Then its settings were built before any request, and concurrent first requests are all served
            assertThat(ServerSettings.lazySettings(app)).allMatch(kotlin.Lazy::isInitialized);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService clients = Executors.newFixedThreadPool(FIRST_REQUESTS);
            try {
                CountDownLatch together = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < FIRST_REQUESTS; i++) {
                    answers.add(clients.submit(() -> {
                        together.await();
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                                HttpResponse.BodyHandlers.ofString());
                    }));
                }
                together.countDown();
                for (Future<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get().statusCode()).isEqualTo(200);
                    assertThat(answer.get().body()).isEqualTo("hello");
                }
            } finally {
                clients.shutdownNow();
            }
        } finally {
            app.stop();
        }
    }
}
