package io.llmwatch.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.HttpStatus;
import io.llmwatch.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers the errors Jetty produces itself, before a request reaches Javalin (malformed HTTP,
 * headers too large), with an {@link ErrorResponse} instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final String JSON = "application/json";

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        response.setContentType(JSON);
        response.getOutputStream().write(body(response.getStatus(), message == null ? null : message.toString()));
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    static ErrorResponse response(int status, String message) {
        HttpStatus known = HttpStatus.forStatus(status);
        String text = known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
        String code = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return new ErrorResponse(code, message == null || message.isBlank() ? text : message);
    }

    private static byte[] body(int status, String message) {
        try {
            return Json.mapper().writeValueAsBytes(response(status, message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
