package io.llmwatch.collector.tether;

import static io.llmwatch.collector.ingest.Coalesce.first;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatRequestBody;
import io.llmwatch.openai.OutputText;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps one Tether {@code llm_call} step to an {@link LlmCall}.
 *
 * <ul>
 *   <li>{@code call_id} = {@code tether:<run_id>:<step_id>}: the same row always gives the same id,
 *       so a re-import is the same call downstream.</li>
 *   <li>{@code timestamp} = {@code created_at} (Tether writes the row when the call starts); a time
 *       without an offset is read as UTC. {@code trace_id} = the run: one agent run.</li>
 *   <li>{@code app} = {@code --app}, else the run's {@code metadata.app}, else {@code tether};
 *       {@code task_type} = {@code --task}, else the run's {@code metadata.task_type}, else the run's
 *       {@code name}.</li>
 *   <li>{@code request} = {@code inputs} (the keyword arguments sent to the provider client);
 *       {@code output_text}, {@code finish_reason}, {@code response_model} and usage from
 *       {@code outputs}, in OpenAI or Anthropic shape. Anthropic's stop reasons are translated to the
 *       OpenTelemetry ones ({@code end_turn} → {@code stop}, {@code max_tokens} → {@code length},
 *       {@code tool_use} → {@code tool_calls}).</li>
 *   <li>Usage follows the OpenTelemetry rule (input includes cached tokens): from the response's own
 *       {@code usage} when there is one — Anthropic's {@code input_tokens} excludes cache reads and
 *       writes, so they are added — else from the {@code input_tokens} / {@code output_tokens}
 *       columns.</li>
 *   <li>No {@code cost}: Tether's {@code cost_usd} comes from a small client-side price table with a
 *       silent fallback price for unknown models, so it is neither a provider-reported cost nor
 *       llmwatch's own. It is kept as the label {@code tether.cost_usd}; the scorer prices the call
 *       from its catalog, or flags it as unknown.</li>
 *   <li>{@code error} from the {@code error} JSON ({@code type}/{@code message}, or a bare text).</li>
 * </ul>
 */
final class TetherStepMapper {

    static final String CALL_ID_PREFIX = "tether:";
    static final String DEFAULT_APP = "tether";
    private static final Map<String, String> ANTHROPIC_STOP_REASONS = Map.of(
            "end_turn", "stop", "stop_sequence", "stop", "max_tokens", "length", "tool_use", "tool_calls");

    private final String app;
    private final String taskType;

    /**
     * @param app      the app of every call, or null to take it from each run
     * @param taskType the task type of every call, or null to take it from each run
     */
    TetherStepMapper(String app, String taskType) {
        this.app = app;
        this.taskType = taskType;
    }

    /**
     * @throws ValidationException naming the Tether column at fault ({@code outputs},
     *                             {@code created_at} …) or the call field that is invalid
     */
    LlmCall map(TetherStep step) {
        JsonNode inputs = object(step.inputs(), "inputs");
        JsonNode outputs = object(step.outputs(), "outputs");
        JsonNode metadata = object(step.runMetadata(), "runs.metadata");
        boolean anthropic = outputs != null && (outputs.has("stop_reason") || "anthropic".equals(step.provider()));
        Map<String, String> labels = new TreeMap<>();
        if (step.runName() != null) {
            labels.put("tether.run_name", step.runName());
        }
        if (step.costUsd() != null && !step.costUsd().isBlank()) {
            labels.put("tether.cost_usd", decimalText(step.costUsd()));
        }
        String requestModel = first(step.model(), ChatRequestBody.model(inputs));
        String task = first(taskType, metadata == null ? null : text(metadata.get("task_type")), step.runName());
        if (task == null) {
            throw new ValidationException("task_type", "is unknown: the run has no name and no metadata.task_type; pass --task");
        }
        LlmCall call = LlmCall.builder()
                .callId(CALL_ID_PREFIX + step.runId() + ":" + step.id())
                .timestamp(time(step.createdAt(), "created_at"))
                .app(first(app, metadata == null ? null : text(metadata.get("app")), DEFAULT_APP))
                .taskType(task)
                .traceId(step.runId())
                .provider(step.provider())
                .requestModel(requestModel)
                .responseModel(outputs == null ? null : text(outputs.get("model")))
                .request(inputs)
                .outputText(outputs == null ? null : outputText(outputs, anthropic))
                .finishReason(outputs == null ? null : finishReason(outputs, anthropic))
                .usage(usage(step, outputs, anthropic))
                .latencyMs(number(step.latencyMs(), "latency_ms"))
                .error(error(step.error()))
                .attributes(labels)
                .build();
        List<FieldError> errors = call.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return call;
    }

    private static String outputText(JsonNode outputs, boolean anthropic) {
        if (anthropic) {
            List<String> texts = new ArrayList<>();
            List<String> toolInputs = new ArrayList<>();
            for (JsonNode block : outputs.path("content")) {
                if ("text".equals(block.path("type").asText())) {
                    texts.add(block.path("text").asText());
                } else if ("tool_use".equals(block.path("type").asText())) {
                    toolInputs.add(json(block.get("input")));
                }
            }
            return OutputText.of(texts.isEmpty() ? null : String.join("", texts), toolInputs, null);
        }
        return ChatCompletions.outputText(outputs.path("choices").path(0).path("message"));
    }

    private static String finishReason(JsonNode outputs, boolean anthropic) {
        if (anthropic) {
            String reason = text(outputs.get("stop_reason"));
            return reason == null ? null : ANTHROPIC_STOP_REASONS.getOrDefault(reason, reason);
        }
        return text(outputs.path("choices").path(0).get("finish_reason"));
    }

    private static Usage usage(TetherStep step, JsonNode outputs, boolean anthropic) {
        JsonNode usage = outputs == null ? null : outputs.get("usage");
        if (usage != null && usage.isObject()) {
            if (anthropic) {
                Long cacheRead = count(usage.get("cache_read_input_tokens"), "outputs.usage.cache_read_input_tokens");
                Long cacheCreation = count(usage.get("cache_creation_input_tokens"), "outputs.usage.cache_creation_input_tokens");
                Long input = count(usage.get("input_tokens"), "outputs.usage.input_tokens");
                Long total = input == null ? null : input + orZero(cacheRead) + orZero(cacheCreation);
                return new Usage(total, count(usage.get("output_tokens"), "outputs.usage.output_tokens"),
                        cacheRead, cacheCreation, null);
            }
            return new Usage(count(usage.get("prompt_tokens"), "outputs.usage.prompt_tokens"),
                    count(usage.get("completion_tokens"), "outputs.usage.completion_tokens"),
                    count(usage.path("prompt_tokens_details").get("cached_tokens"),
                            "outputs.usage.prompt_tokens_details.cached_tokens"),
                    null,
                    count(usage.path("completion_tokens_details").get("reasoning_tokens"),
                            "outputs.usage.completion_tokens_details.reasoning_tokens"));
        }
        Long input = count(step.inputTokens(), "input_tokens");
        Long output = count(step.outputTokens(), "output_tokens");
        return input == null && output == null ? null : new Usage(input, output, null, null, null);
    }

    private static CallError error(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(error);
        } catch (JsonProcessingException e) {
            return new CallError("error", error);
        }
        if (node.isObject()) {
            return new CallError(first(text(node.get("type")), text(node.get("error_type")), "error"),
                    first(text(node.get("message")), text(node.get("error_message")), json(node)));
        }
        return new CallError("error", node.isTextual() ? node.asText() : json(node));
    }

    private static JsonNode object(String text, String column) {
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException(column, "is not valid JSON: " + brief(e));
        }
        if (!(node instanceof ObjectNode)) {
            throw new ValidationException(column, "must be a JSON object, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return node;
    }

    static Instant time(String text, String column) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(column, "is required");
        }
        String iso = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new ValidationException(column, "is not an ISO-8601 time: '" + text + "'");
            }
        }
    }

    private static Long count(Object value, String column) {
        if (value == null || value instanceof JsonNode node && node.isNull()) {
            return null;
        }
        if (value instanceof JsonNode node && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new ValidationException(column, "must be an integer, not " + value);
    }

    private static Double number(Object value, String column) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ValidationException(column, "must be a number, not '" + value + "'");
        }
    }

    private static String decimalText(String costUsd) {
        try {
            return new BigDecimal(costUsd.strip()).toPlainString();
        } catch (NumberFormatException e) {
            throw new ValidationException("cost_usd", "must be a decimal number, not '" + costUsd + "'");
        }
    }

    /** Jackson's message without the source location it appends. */
    private static String brief(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int cut = message.indexOf('\n');
        return (cut > 0 ? message.substring(0, cut) : message).replaceAll("\\s*\\(start marker at .*$", "");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() || node.asText().isBlank() ? null : node.asText();
    }

    private static String json(JsonNode node) {
        try {
            return node == null ? "" : Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
