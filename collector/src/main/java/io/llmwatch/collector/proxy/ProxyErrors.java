package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.llmwatch.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Errors the proxy answers itself, in the OpenAI error shape
 * ({@code {"error": {"message", "type", "param", "code"}}}) that every OpenAI-compatible SDK reads.
 */
final class ProxyErrors {

    private ProxyErrors() {
    }

    static void write(Context ctx, int status, String type, String code, String message) throws IOException {
        write(ctx.res(), status, type, code, message);
    }

    static void write(HttpServletResponse res, int status, String type, String code, String message) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        OutputStream out = res.getOutputStream();
        out.write(bytes);
        out.flush();
    }
}
