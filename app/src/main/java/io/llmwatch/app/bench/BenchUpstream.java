package io.llmwatch.app.bench;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmwatch.collector.ingest.ServerSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A local OpenAI-compatible {@code /v1/chat/completions} endpoint that answers at once with a fixed
 * completion (or, for {@code "stream": true}, a fixed event stream with usage): the upstream that
 * the proxy benchmark calls both directly and through the proxy, so that the difference is the
 * proxy's own cost. It is not a model; nothing it says depends on the prompt.
 */
public final class BenchUpstream implements AutoCloseable {

    static final String COMPLETION = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1750000000,"model":"gpt-4.1-mini-2025-04-14",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"The export fails for multi-workspace \
            accounts since the last release; roll back the invoice change and tell finance.","refusal":null},\
            "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":412,"completion_tokens":24,\
            "total_tokens":436,"prompt_tokens_details":{"cached_tokens":256},"completion_tokens_details":\
            {"reasoning_tokens":0}},"system_fingerprint":"fp_bench"}""";
    private static final List<String> PIECES = List.of("The export", " fails for", " multi-workspace", " accounts;",
            " roll back", " the change.");

    private final Javalin server;

    public BenchUpstream() {
        // Jetty, as the collector, so that both paths pay the same server costs; the JDK's own
        // HttpServer leaves Nagle's algorithm on and would add ~40 ms delayed-ACK stalls to both.
        server = Javalin.create(config -> config.showJavalinBanner = false)
                .post("/v1/chat/completions", this::answer);
        ServerSettings.start(server, "127.0.0.1", 0);
    }

    /** {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    private void answer(Context ctx) throws IOException {
        String request = ctx.body();
        if (request.contains("\"stream\":true") || request.contains("\"stream\": true")) {
            stream(ctx.res(), request.contains("include_usage"));
            return;
        }
        byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(body.length);
        ctx.res().getOutputStream().write(body);
    }

    private static void stream(HttpServletResponse res, boolean usage) throws IOException {
        res.setContentType("text/event-stream; charset=utf-8");
        OutputStream out = res.getOutputStream();
        String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1750000000,"
                + "\"model\":\"gpt-4.1-mini-2025-04-14\",";
        for (String piece : PIECES) {
            event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}");
        }
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (usage) {
            event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":24,\"total_tokens\":436}}");
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop();
    }
}
