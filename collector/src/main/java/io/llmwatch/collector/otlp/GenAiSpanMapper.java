package io.llmwatch.collector.otlp;

import static io.llmwatch.collector.ingest.Coalesce.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps one OTLP span that follows the OpenTelemetry GenAI semantic conventions to an
 * {@link LlmCall}, and its {@code gen_ai.evaluation.result} events to {@link Evaluation}s. Current
 * attribute names are read first, then the deprecated ones ({@code gen_ai.system},
 * {@code gen_ai.usage.prompt_tokens} / {@code completion_tokens}, per-message events).
 *
 * <ul>
 *   <li>A span is GenAI when it has a {@code gen_ai.*} attribute or event; it is a model call when
 *       its {@code gen_ai.operation.name} is {@code chat}, {@code text_completion},
 *       {@code generate_content} or {@code embeddings} (or, without an operation name, when it names
 *       a model). Agent, tool, workflow and retrieval spans are not calls: their token counts
 *       repeat those of the model calls beneath them.</li>
 *   <li>{@code call_id} = {@code llmwatch.call_id} attribute, else {@code <traceId>:<spanId>}:
 *       stable, so a re-exported span is the same call.</li>
 *   <li>{@code app} = {@code llmwatch.app} (span, then resource attribute), else the
 *       {@code X-LLMWatch-App} header, else the resource's {@code service.name}.</li>
 *   <li>{@code task_type} = {@code llmwatch.task_type} (span, then resource attribute), else the
 *       {@code X-LLMWatch-Task} header, else {@code gen_ai.prompt.name}, else
 *       {@link OtlpMapping#defaultTaskType()}, else the operation name. The model is never part of
 *       it: the task is what models are compared on.</li>
 *   <li>{@code request} is rebuilt in the OpenAI chat shape (model, messages, sampling parameters,
 *       response format, tools) so that the call can be replayed.</li>
 *   <li>An error is a span with status {@code ERROR} or an {@code error.type} attribute.</li>
 *   <li>No cost: OTLP carries none, so the scorer prices the call from its catalog.</li>
 * </ul>
 */
final class GenAiSpanMapper {

    static final String EVALUATION_EVENT = "gen_ai.evaluation.result";
    static final String SOURCE = "otlp";

    private static final String GEN_AI_PREFIX = "gen_ai.";
    private static final Set<String> MODEL_CALL_OPERATIONS = Set.of("chat", "text_completion", "generate_content", "embeddings");
    private static final String DETAILS_EVENT = "gen_ai.client.inference.operation.details";
    private static final String EXCEPTION_EVENT = "exception";
    private static final String LABEL_PREFIX = "llmwatch.attr.";
    private static final List<String> SPAN_LABELS = List.of(
            "gen_ai.response.id", "gen_ai.agent.name", "gen_ai.prompt.name", "server.address");
    private static final String UNKNOWN_ERROR_TYPE = "_OTHER";
    private static final double MS_PER_SECOND = 1000.0;
    private static final double NS_PER_MS = 1_000_000.0;

    private final OtlpMapping mapping;

    GenAiSpanMapper(OtlpMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * @throws ValidationException when the span is a model call that cannot be recorded: an
     *                             attribute of the wrong type, or a resulting call that is not valid
     */
    SpanMapping map(OtlpSpan span, RequestDefaults defaults) {
        Attributes attributes = span.attributes();
        if (!attributes.anyKeyStartsWith(GEN_AI_PREFIX)
                && span.events().stream().noneMatch(e -> e.name().startsWith(GEN_AI_PREFIX))) {
            return new SpanMapping.Ignored(SpanMapping.Reason.NOT_GENAI);
        }
        String operation = attributes.string("gen_ai.operation.name");
        String requestModel = first(attributes.string("gen_ai.request.model"), attributes.string("gen_ai.response.model"));
        if (operation != null ? !MODEL_CALL_OPERATIONS.contains(operation) : requestModel == null) {
            return new SpanMapping.Ignored(SpanMapping.Reason.NOT_MODEL_CALL);
        }
        Attributes resource = span.resource();
        String callId = first(attributes.string("llmwatch.call_id"), span.traceId() + ":" + span.spanId());
        Content content = new Content(span);
        ChatMessages.Output output = content.output();
        LlmCall call = LlmCall.builder().callId(callId).timestamp(span.start())
                .app(first(attributes.string("llmwatch.app"), resource.string("llmwatch.app"), defaults.app(),
                        resource.string("service.name")))
                .taskType(first(attributes.string("llmwatch.task_type"), resource.string("llmwatch.task_type"),
                        defaults.taskType(), attributes.string("gen_ai.prompt.name"), mapping.defaultTaskType(), operation,
                        "chat"))
                .environment(first(resource.string("deployment.environment.name"), resource.string("deployment.environment")))
                .traceId(span.traceId())
                .sessionId(first(attributes.string("gen_ai.conversation.id"), attributes.string("session.id")))
                .provider(first(attributes.string("gen_ai.provider.name"), attributes.string("gen_ai.system")))
                .operation(operation)
                .requestModel(requestModel)
                .responseModel(attributes.string("gen_ai.response.model"))
                .request(request(attributes, requestModel, content))
                .outputText(output.text())
                .finishReason(first(attributes.strings("gen_ai.response.finish_reasons").stream().findFirst().orElse(null),
                        output.finishReason()))
                .usage(usage(attributes))
                .latencyMs(latencyMs(span))
                .timeToFirstTokenMs(timeToFirstTokenMs(attributes))
                .error(error(span))
                .attributes(labels(span))
                .build();
        List<FieldError> errors = call.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return evaluations(span, call);
    }

    private static SpanMapping.Call evaluations(OtlpSpan span, LlmCall call) {
        List<Evaluation> evaluations = new ArrayList<>();
        List<SpanMapping.RejectedEvaluation> rejected = new ArrayList<>();
        int failed = 0;
        List<OtlpSpan.Event> events = span.events();
        for (int i = 0; i < events.size(); i++) {
            OtlpSpan.Event event = events.get(i);
            if (!EVALUATION_EVENT.equals(event.name())) {
                continue;
            }
            Attributes attributes = event.attributes();
            if (attributes.has("error.type")) {
                failed++;
                continue;
            }
            try {
                Instant at = event.timeNanos() > 0 ? OtlpSpan.instant(event.timeNanos()) : call.timestamp();
                Evaluation evaluation = new Evaluation(Evaluation.SCHEMA, call.callId(), at,
                        attributes.string("gen_ai.evaluation.name"), attributes.decimal("gen_ai.evaluation.score.value"),
                        attributes.string("gen_ai.evaluation.score.label"), attributes.string("gen_ai.evaluation.explanation"),
                        SOURCE);
                List<FieldError> errors = evaluation.validate();
                if (errors.isEmpty()) {
                    evaluations.add(evaluation);
                } else {
                    rejected.add(new SpanMapping.RejectedEvaluation(i, errors));
                }
            } catch (ValidationException e) {
                rejected.add(new SpanMapping.RejectedEvaluation(i, e.errors()));
            }
        }
        return new SpanMapping.Call(call, evaluations, rejected, failed);
    }

    /** The provider request rebuilt in the OpenAI chat shape: what a replay sends. */
    private static ObjectNode request(Attributes attributes, String model, Content content) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("model", model);
        ArrayNode messages = content.messages();
        if (!messages.isEmpty()) {
            request.set("messages", messages);
        }
        putNumber(request, "temperature", attributes.decimal("gen_ai.request.temperature"));
        putNumber(request, "top_p", attributes.decimal("gen_ai.request.top_p"));
        putNumber(request, "frequency_penalty", attributes.decimal("gen_ai.request.frequency_penalty"));
        putNumber(request, "presence_penalty", attributes.decimal("gen_ai.request.presence_penalty"));
        putNumber(request, "max_tokens", attributes.integer("gen_ai.request.max_tokens"));
        putNumber(request, "seed", first(attributes.integer("gen_ai.request.seed"), attributes.integer("gen_ai.openai.request.seed")));
        putNumber(request, "n", attributes.integer("gen_ai.request.choice.count"));
        List<String> stop = attributes.strings("gen_ai.request.stop_sequences");
        if (!stop.isEmpty()) {
            ArrayNode array = request.putArray("stop");
            stop.forEach(array::add);
        }
        JsonNode stream = attributes.raw("gen_ai.request.stream");
        if (stream != null && stream.isBoolean()) {
            request.put("stream", stream.asBoolean());
        }
        String format = "json".equals(attributes.string("gen_ai.output.type"))
                ? "json_object" : attributes.string("gen_ai.openai.request.response_format");
        if (format != null) {
            request.putObject("response_format").put("type", format);
        }
        JsonNode tools = attributes.json("gen_ai.tool.definitions");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            request.set("tools", openAiTools(tools));
        }
        return request;
    }

    /** Tool definitions ({@code {type, name, description, parameters}}) as OpenAI nests them under {@code function}. */
    private static ArrayNode openAiTools(JsonNode definitions) {
        ArrayNode tools = Json.mapper().createArrayNode();
        for (JsonNode definition : definitions) {
            if (definition.has("function") || !definition.has("name")) {
                tools.add(definition);
                continue;
            }
            ObjectNode tool = tools.addObject().put("type", definition.path("type").asText("function"));
            ObjectNode function = tool.putObject("function");
            definition.properties().forEach(field -> {
                if (!"type".equals(field.getKey())) {
                    function.set(field.getKey(), field.getValue());
                }
            });
        }
        return tools;
    }

    private static Usage usage(Attributes attributes) {
        Long input = first(attributes.integer("gen_ai.usage.input_tokens"), attributes.integer("gen_ai.usage.prompt_tokens"));
        Long output = first(attributes.integer("gen_ai.usage.output_tokens"), attributes.integer("gen_ai.usage.completion_tokens"));
        Long cacheRead = attributes.integer("gen_ai.usage.cache_read.input_tokens");
        Long cacheCreation = attributes.integer("gen_ai.usage.cache_creation.input_tokens");
        Long reasoning = attributes.integer("gen_ai.usage.reasoning.output_tokens");
        if (input == null && output == null && cacheRead == null && cacheCreation == null && reasoning == null) {
            return null;
        }
        return new Usage(input, output, cacheRead, cacheCreation, reasoning);
    }

    private static Double latencyMs(OtlpSpan span) {
        if (span.endNanos() <= 0 || span.endNanos() < span.startNanos()) {
            return null;
        }
        return (span.endNanos() - span.startNanos()) / NS_PER_MS;
    }

    private static Double timeToFirstTokenMs(Attributes attributes) {
        Double seconds = attributes.decimal("gen_ai.response.time_to_first_chunk");
        return seconds == null ? null : seconds * MS_PER_SECOND;
    }

    private static CallError error(OtlpSpan span) {
        String type = span.attributes().string("error.type");
        if (!span.failed() && type == null) {
            return null;
        }
        Attributes exception = span.events().stream()
                .filter(e -> EXCEPTION_EVENT.equals(e.name()))
                .map(OtlpSpan.Event::attributes)
                .findFirst()
                .orElse(null);
        String exceptionType = exception == null ? null : exception.string("exception.type");
        String exceptionMessage = exception == null ? null : exception.string("exception.message");
        return new CallError(first(type, exceptionType, UNKNOWN_ERROR_TYPE), first(span.statusMessage(), exceptionMessage));
    }

    /** Free labels: a few identifying GenAI attributes, and every {@code llmwatch.attr.<name>} (span over resource). */
    private static Map<String, String> labels(OtlpSpan span) {
        Map<String, String> labels = new TreeMap<>();
        for (String key : SPAN_LABELS) {
            putLabel(labels, key, span.attributes().string(key));
        }
        putLabel(labels, "service.version", span.resource().string("service.version"));
        putLabel(labels, "otel.scope.name", span.scopeName());
        prefixed(labels, span.resource());
        prefixed(labels, span.attributes());
        return labels;
    }

    private static void prefixed(Map<String, String> labels, Attributes attributes) {
        Iterator<String> keys = attributes.values().fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.startsWith(LABEL_PREFIX) && key.length() > LABEL_PREFIX.length()) {
                putLabel(labels, key.substring(LABEL_PREFIX.length()), attributes.string(key));
            }
        }
    }

    private static void putLabel(Map<String, String> labels, String key, String value) {
        if (value != null) {
            labels.put(key, value);
        }
    }

    private static void putNumber(ObjectNode node, String field, Number value) {
        if (value instanceof Long l) {
            node.put(field, l);
        } else if (value != null) {
            node.put(field, value.doubleValue());
        }
    }

    /**
     * Message content of a span: its {@code gen_ai.*messages} attributes (or those of its
     * {@code gen_ai.client.inference.operation.details} event), else the deprecated per-message events.
     */
    private static final class Content {

        private final OtlpSpan span;
        private final Attributes details;

        Content(OtlpSpan span) {
            this.span = span;
            this.details = span.events().stream()
                    .filter(e -> DETAILS_EVENT.equals(e.name()))
                    .map(OtlpSpan.Event::attributes)
                    .findFirst()
                    .orElse(null);
        }

        ArrayNode messages() {
            ArrayNode messages = ChatMessages.fromInput(json("gen_ai.system_instructions"), json("gen_ai.input.messages"));
            return messages.isEmpty() ? ChatMessages.fromMessageEvents(span.events()) : messages;
        }

        ChatMessages.Output output() {
            ChatMessages.Output output = ChatMessages.fromOutput(json("gen_ai.output.messages"));
            return output.text() == null && output.finishReason() == null ? ChatMessages.fromChoiceEvents(span.events()) : output;
        }

        private JsonNode json(String key) {
            JsonNode value = span.attributes().json(key);
            return value == null && details != null ? details.json(key) : value;
        }
    }
}
