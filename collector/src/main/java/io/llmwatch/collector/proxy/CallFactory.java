package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.wire.ProviderApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Turns a proxied attempt into the {@link LlmCall} that is published (before redaction). Runs on the
 * recorder's thread, never on the caller's path.
 *
 * <p>Attributes it sets: {@value #HTTP_STATUS} (the status the caller got), {@value #RETRY_ATTEMPT}
 * (the SDK's retry count, when above 0), {@value #FAILED_ATTEMPTS} (earlier attempts of the same
 * logical call that failed, when any), {@value #STREAM} ({@code true} for a streamed call) and
 * {@value #API} (the API the call was made with, when not chat completions: {@code anthropic.messages},
 * {@code openai.responses}; replay needs it, as the request body is in that API's shape).
 */
final class CallFactory {

    static final String HTTP_STATUS = "http_status";
    static final String RETRY_ATTEMPT = "retry_attempt";
    static final String FAILED_ATTEMPTS = "failed_attempts";
    static final String STREAM = "stream";
    static final String API = ProviderApi.CALL_ATTRIBUTE;
    /** {@code request_model} is required; a body that names no model still was a call. */
    static final String UNKNOWN_MODEL = "unknown";
    /** A compressed response may expand at most this far for recording (a gzip bomb is not parsed). */
    private static final int MAX_DECODED_BYTES = 64 * 1024 * 1024;

    private CallFactory() {
    }

    static LlmCall toCall(Exchange exchange) {
        ChatReply result = exchange.streamed() != null ? exchange.streamed() : fromBody(exchange);
        CallError error = exchange.failure();
        if (error == null && exchange.status() >= 400) {
            error = result.error() != null ? result.error() : ChatCompletions.error(null, exchange.status());
        }
        if (error == null) {
            error = result.error();
        }
        String model = exchange.request().model();
        Attempt attempt = exchange.attempt();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(HTTP_STATUS, Integer.toString(exchange.status()));
        if (attempt.number() > 0) {
            attributes.put(RETRY_ATTEMPT, Integer.toString(attempt.number()));
        }
        if (attempt.failedBefore() > 0) {
            attributes.put(FAILED_ATTEMPTS, Integer.toString(attempt.failedBefore()));
        }
        if (exchange.request().stream()) {
            attributes.put(STREAM, "true");
        }
        if (exchange.request().api() != WireApi.CHAT_COMPLETIONS) {
            attributes.put(API, exchange.request().api().name());
        }
        Labels labels = exchange.labels();
        return LlmCall.builder().callId(attempt.callId()).timestamp(exchange.timestamp())
                .app(labels.app()).taskType(labels.taskType()).traceId(labels.traceId()).sessionId(labels.sessionId())
                .provider(exchange.provider()).operation("chat").requestModel(model == null ? UNKNOWN_MODEL : model)
                .responseModel(result.responseModel()).request(exchange.request().body()).outputText(result.outputText())
                .finishReason(result.finishReason()).usage(result.usage()).latencyMs(exchange.latencyMs())
                .timeToFirstTokenMs(exchange.timeToFirstTokenMs()).cost(result.cost()).error(error)
                .attributes(attributes)
                .build();
    }

    private static ChatReply fromBody(Exchange exchange) {
        if (exchange.body() == null || exchange.body().length == 0) {
            return ChatReply.EMPTY;
        }
        JsonNode body;
        try (InputStream in = exchange.gzipBody()
                ? new GZIPInputStream(new ByteArrayInputStream(exchange.body()))
                : new ByteArrayInputStream(exchange.body())) {
            byte[] decoded = in.readNBytes(MAX_DECODED_BYTES);
            body = Json.mapper().readTree(decoded);
        } catch (IOException e) {
            return ChatReply.EMPTY;
        }
        if (body == null || !body.isObject()) {
            return ChatReply.EMPTY;
        }
        return exchange.status() >= 400
                ? ChatReply.failed(ChatCompletions.error(body, exchange.status()))
                : exchange.request().api().read(body);
    }
}
