package io.llmwatch.collector.ingest;

import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.llmwatch.json.Json;
import java.time.Duration;

/** What every llmwatch HTTP server (collector, query API, management port) sets alike. */
public final class ServerSettings {

    private ServerSettings() {
    }

    /** No banner, llmwatch's JSON mapper, and {@link #readTimeout} against slow clients. */
    public static void base(JavalinConfig config, Duration readTimeout) {
        config.showJavalinBanner = false;
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        readTimeout(config, readTimeout);
    }

    /**
     * A request whose body stops arriving fails after {@code timeout} (the collector answers 408,
     * see {@link BoundedBody}) instead of holding a server thread for Jetty's 30 s default, and a
     * request is handed to a thread only once its body starts to arrive: so stalled uploads cannot
     * keep ordinary requests waiting for long.
     */
    public static void readTimeout(JavalinConfig config, Duration timeout) {
        config.jetty.modifyHttpConfiguration(http -> {
            http.setIdleTimeout(timeout.toMillis());
            http.setDelayDispatchUntilContent(true);
        });
    }
}
