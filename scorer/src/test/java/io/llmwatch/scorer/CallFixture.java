package io.llmwatch.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Test calls with sensible defaults; each {@code with…} returns a changed copy. */
public record CallFixture(String callId, Instant timestamp, String app, String taskType, String model,
                          JsonNode request, String outputText, String finishReason, Usage usage, Double latencyMs,
                          Cost cost, CallError error, JsonNode reference) {

    public static final String APP = "shop";
    public static final String TASK = "summarize";
    /** A catalog the tests own, so the bundled one may change without breaking them. */
    public static final PriceCatalog CATALOG = PriceCatalog.of(LocalDate.parse("2026-01-01"), "test",
            List.of(ModelPrice.of("gpt-4.1", "openai", 2.00, 8.00), ModelPrice.of("gpt-4.1-mini", "openai", 0.40, 1.60)));

    public static CallFixture call(String callId, Instant timestamp) {
        return new CallFixture(callId, timestamp, APP, TASK, "gpt-4.1-mini", null, "A short summary.", "stop",
                Usage.of(1_000, 200), 500.0, null, null, null);
    }

    public CallFixture withModel(String newModel) {
        return new CallFixture(callId, timestamp, app, taskType, newModel, request, outputText, finishReason, usage,
                latencyMs, cost, error, reference);
    }

    public CallFixture withApp(String newApp, String newTaskType) {
        return new CallFixture(callId, timestamp, newApp, newTaskType, model, request, outputText, finishReason, usage,
                latencyMs, cost, error, reference);
    }

    /** The call without a latency. */
    public CallFixture withoutLatency() {
        return new CallFixture(callId, timestamp, app, taskType, model, request, outputText, finishReason, usage,
                null, cost, error, reference);
    }

    public CallFixture withOutput(String text, String finish) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, text, finish, usage, latencyMs, cost,
                error, reference);
    }

    public CallFixture withRequest(String json) {
        return new CallFixture(callId, timestamp, app, taskType, model, json(json), outputText, finishReason, usage,
                latencyMs, cost, error, reference);
    }

    public CallFixture withUsage(Usage newUsage) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, outputText, finishReason, newUsage,
                latencyMs, cost, error, reference);
    }

    public CallFixture withLatency(double millis) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, outputText, finishReason, usage,
                millis, cost, error, reference);
    }

    public CallFixture withCost(Cost newCost) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, outputText, finishReason, usage,
                latencyMs, newCost, error, reference);
    }

    public CallFixture failed(String type) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, null, null, usage, latencyMs, cost,
                new CallError(type, "upstream failure"), reference);
    }

    public CallFixture withReference(String json) {
        return new CallFixture(callId, timestamp, app, taskType, model, request, outputText, finishReason, usage,
                latencyMs, cost, error, json(json));
    }

    public LlmCall build() {
        return new LlmCall(LlmCall.SCHEMA, callId, timestamp, app, taskType, null, null, null, "openai", null, model,
                null, request, outputText, finishReason, usage, latencyMs, null, cost, error, Map.of(), reference);
    }

    public static Evaluation evaluation(String callId, Instant timestamp, String name, double score) {
        return new Evaluation(Evaluation.SCHEMA, callId, timestamp, name, score, null, null, "test");
    }

    public static JsonNode json(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
