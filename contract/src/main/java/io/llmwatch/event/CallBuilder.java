package io.llmwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an {@link LlmCall} field by field ({@link LlmCall#builder()}, {@link LlmCall#toBuilder()}):
 * the one way llmwatch's own code and the SDK's users build calls, instead of the record's 22
 * positional arguments. For code that records calls by hand:
 *
 * <pre>{@code
 * watch.record(CallBuilder.create()
 *         .taskType("summarize-ticket")
 *         .requestModel("gpt-4.1-mini")
 *         .outputText(answer)
 *         .usage(Usage.of(812, 95))
 *         .latencyMs(640.0)
 *         .build());
 * }</pre>
 *
 * <p>Fields left out stay absent; the SDK's {@code LlmWatch.record} fills {@code call_id}, {@code timestamp},
 * {@code app}, {@code task_type} and {@code environment} from its defaults. Not thread-safe.
 */
public final class CallBuilder {

    private String schema = LlmCall.SCHEMA;
    private String callId;
    private Instant timestamp;
    private String app;
    private String taskType;
    private String environment;
    private String traceId;
    private String sessionId;
    private String provider;
    private String operation;
    private String requestModel;
    private String responseModel;
    private JsonNode request;
    private String outputText;
    private String finishReason;
    private Usage usage;
    private Double latencyMs;
    private Double timeToFirstTokenMs;
    private Cost cost;
    private CallError error;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private JsonNode reference;

    private CallBuilder() {
    }

    public static CallBuilder create() {
        return new CallBuilder();
    }

    /** A builder holding every field of {@code call}, to change some of them. */
    public static CallBuilder from(LlmCall call) {
        CallBuilder b = new CallBuilder();
        b.schema = call.schema();
        b.callId = call.callId();
        b.timestamp = call.timestamp();
        b.app = call.app();
        b.taskType = call.taskType();
        b.environment = call.environment();
        b.traceId = call.traceId();
        b.sessionId = call.sessionId();
        b.provider = call.provider();
        b.operation = call.operation();
        b.requestModel = call.requestModel();
        b.responseModel = call.responseModel();
        b.request = call.request();
        b.outputText = call.outputText();
        b.finishReason = call.finishReason();
        b.usage = call.usage();
        b.latencyMs = call.latencyMs();
        b.timeToFirstTokenMs = call.timeToFirstTokenMs();
        b.cost = call.cost();
        b.error = call.error();
        b.attributes.putAll(call.attributes());
        b.reference = call.reference();
        return b;
    }

    public CallBuilder callId(String callId) {
        this.callId = callId;
        return this;
    }

    public CallBuilder timestamp(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public CallBuilder app(String app) {
        this.app = app;
        return this;
    }

    public CallBuilder taskType(String taskType) {
        this.taskType = taskType;
        return this;
    }

    public CallBuilder environment(String environment) {
        this.environment = environment;
        return this;
    }

    public CallBuilder traceId(String traceId) {
        this.traceId = traceId;
        return this;
    }

    public CallBuilder sessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public CallBuilder provider(String provider) {
        this.provider = provider;
        return this;
    }

    public CallBuilder operation(String operation) {
        this.operation = operation;
        return this;
    }

    public CallBuilder requestModel(String requestModel) {
        this.requestModel = requestModel;
        return this;
    }

    public CallBuilder responseModel(String responseModel) {
        this.responseModel = responseModel;
        return this;
    }

    /** The provider request body as sent (messages, temperature, tools, …): needed for shadow replay. */
    public CallBuilder request(JsonNode request) {
        this.request = request;
        return this;
    }

    public CallBuilder outputText(String outputText) {
        this.outputText = outputText;
        return this;
    }

    public CallBuilder finishReason(String finishReason) {
        this.finishReason = finishReason;
        return this;
    }

    public CallBuilder usage(Usage usage) {
        this.usage = usage;
        return this;
    }

    public CallBuilder latencyMs(Double latencyMs) {
        this.latencyMs = latencyMs;
        return this;
    }

    public CallBuilder timeToFirstTokenMs(Double timeToFirstTokenMs) {
        this.timeToFirstTokenMs = timeToFirstTokenMs;
        return this;
    }

    public CallBuilder cost(Cost cost) {
        this.cost = cost;
        return this;
    }

    public CallBuilder error(CallError error) {
        this.error = error;
        return this;
    }

    public CallBuilder attribute(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    /** Adds these attributes (none when null). */
    public CallBuilder attributes(Map<String, String> attributes) {
        if (attributes != null) {
            this.attributes.putAll(attributes);
        }
        return this;
    }

    public CallBuilder reference(JsonNode reference) {
        this.reference = reference;
        return this;
    }

    public LlmCall build() {
        return new LlmCall(schema, callId, timestamp, app, taskType, environment, traceId, sessionId, provider,
                operation, requestModel, responseModel, request, outputText, finishReason, usage, latencyMs,
                timeToFirstTokenMs, cost, error, attributes, reference);
    }
}
