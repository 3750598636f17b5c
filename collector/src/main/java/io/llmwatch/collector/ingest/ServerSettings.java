package io.llmwatch.collector.ingest;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.llmwatch.json.Json;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import kotlin.Lazy;

/** What every llmwatch HTTP server (collector, query API, management port) sets alike. */
public final class ServerSettings {

    /** The fields of Javalin 6's servlets that hold their per-request settings, built lazily. */
    static final String LAZY_CONTEXT_CONFIG = "servletContextConfig$delegate";
    /** The field of Javalin's Jetty servlet that holds the HTTP servlet it hands requests to. */
    static final String HTTP_SERVLET = "httpServlet";

    private ServerSettings() {
    }

    /**
     * Starts {@code app} on {@code host:port}, its servlet ready for concurrent first requests.
     *
     * <p>Javalin 6 builds its servlet's per-request settings on the first request, in a Kotlin
     * {@code lazy} without a lock ({@code LazyThreadSafetyMode.NONE}, since javalin/javalin#1942; its Jetty
     * servlet holds another): requests
     * that reach a fresh server together race for it, and a loser fails with a
     * {@code NullPointerException} that Jetty answers as a 500 with an empty body. Seen on CI in
     * {@code HostileRequestsTest} and reproduced in 1 of 40 cold starts of the collector with four
     * concurrent first requests. Built here, before the port opens, so that no request builds it.
     *
     * @return the bound port
     */
    public static int start(Javalin app, String host, int port) {
        initialiseServlet(app);
        app.start(host, port);
        return app.port();
    }

    /** Builds the servlets' lazy settings now; fails loudly if a Javalin upgrade moved them, so the race is looked at again. */
    static void initialiseServlet(Javalin app) {
        lazySettings(app).forEach(Lazy::getValue);
    }

    /** The lazily built settings of Javalin's Jetty servlet and of the HTTP servlet inside it. */
    static List<Lazy<?>> lazySettings(Javalin app) {
        Object jettyServlet = app.javalinServlet();
        Object httpServlet = field(jettyServlet, HTTP_SERVLET);
        return List.of((Lazy<?>) field(jettyServlet, LAZY_CONTEXT_CONFIG), (Lazy<?>) field(httpServlet, LAZY_CONTEXT_CONFIG));
    }

    private static Object field(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Javalin's " + owner.getClass().getSimpleName() + " no longer has the field "
                    + name + ": check whether its first requests still race (see ServerSettings.start)", e);
        }
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
