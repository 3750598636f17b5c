package io.llmwatch.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic benchmark input: calls of about 2 KB (request with system and user messages, output
 * text, usage with cached tokens, latency, attributes) spread over several apps, tasks and models,
 * with event times advancing so that windows open and close as in production.
 */
final class BenchCalls {

    static final List<String> MODELS = List.of("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "claude-haiku-4-5");
    static final List<String> TASKS = List.of("summarize-ticket", "classify-intent", "draft-reply");
    private static final List<String> APPS = List.of("support", "analytics");
    private static final String TEXT = "The customer reports that invoices exported as PDF since Tuesday show totals "
            + "without VAT; three enterprise accounts are affected and the finance team escalated twice. ";

    private final Random random;
    private final Instant start;
    private final long spreadMillis;

    BenchCalls(long seed, Instant start, long spreadMillis) {
        this.random = new Random(seed);
        this.start = start;
        this.spreadMillis = spreadMillis;
    }

    /** The i-th of n calls. */
    LlmCall call(long i, long n) {
        String model = MODELS.get(random.nextInt(MODELS.size()));
        return call(UUID.randomUUID().toString(), start.plusMillis(spreadMillis * i / n),
                APPS.get(random.nextInt(APPS.size())), TASKS.get(random.nextInt(TASKS.size())), model);
    }

    /** A call of the given app, task and model at {@code timestamp}. */
    LlmCall call(String callId, Instant timestamp, String app, String task, String model) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("model", model);
        request.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", TEXT.repeat(2)))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", TEXT.repeat(4)));
        request.put("temperature", 0.2);
        long input = 800 + random.nextInt(800);
        long output = 100 + random.nextInt(200);
        return LlmCall.builder().callId(callId).timestamp(timestamp).app(app).taskType(task).environment("prod")
                .traceId("trace-" + random.nextInt(100_000)).provider("openai").operation("chat").requestModel(model)
                .responseModel(model).request(request).outputText(TEXT.repeat(5)).finishReason("stop")
                .usage(new Usage(input, output, random.nextBoolean() ? input / 2 : null, null, null))
                .latencyMs(200.0 + random.nextInt(2000)).timeToFirstTokenMs(150.0)
                .attribute("tenant", "t" + random.nextInt(20))
                .build();
    }
}
