package io.llmwatch.sdk.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.llmwatch.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * A LangChain4j {@link ChatRequest} as an OpenAI chat-completions request body, whatever the
 * provider: llmwatch replays recorded requests against candidate models through OpenAI-compatible
 * endpoints (docs/architecture.md §5), so that is the shape a recorded request needs.
 */
final class ChatRequestBodies {

    private ChatRequestBodies() {
    }

    static ObjectNode of(ChatRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        putIfPresent(body, "model", request.modelName());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        putIfPresent(body, "temperature", request.temperature());
        putIfPresent(body, "top_p", request.topP());
        putIfPresent(body, "max_tokens", request.maxOutputTokens());
        putIfPresent(body, "frequency_penalty", request.frequencyPenalty());
        putIfPresent(body, "presence_penalty", request.presencePenalty());
        if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null && !tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (ToolSpecification tool : tools) {
                array.addObject().put("type", "function").set("function", readTree(tool.toJson()));
            }
        }
        if (request.toolChoice() != null) {
            body.put("tool_choice", request.toolChoice().name().toLowerCase(Locale.ROOT));
        }
        ResponseFormat format = request.responseFormat();
        if (format != null && format.type() == ResponseFormatType.JSON) {
            body.set("response_format", responseFormat(format.jsonSchema()));
        }
        return body;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = Json.mapper().createObjectNode();
        if (message instanceof SystemMessage system) {
            node.put("role", "system").put("content", system.text());
        } else if (message instanceof UserMessage user) {
            node.put("role", "user");
            if (user.hasSingleText()) {
                node.put("content", user.singleText());
            } else {
                ArrayNode parts = node.putArray("content");
                user.contents().forEach(content -> parts.add(part(content)));
            }
            putIfPresent(node, "name", user.name());
        } else if (message instanceof AiMessage ai) {
            node.put("role", "assistant").put("content", ai.text());
            if (ai.hasToolExecutionRequests()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    ObjectNode entry = calls.addObject().put("id", call.id()).put("type", "function");
                    entry.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
        } else if (message instanceof ToolExecutionResultMessage result) {
            node.put("role", "tool").put("tool_call_id", result.id()).put("content", result.text());
        } else {
            node.put("role", message.type().name().toLowerCase(Locale.ROOT));
        }
        return node;
    }

    /** A part of a multi-part user message; kinds OpenAI has no part for are kept by type only. */
    private static ObjectNode part(Content content) {
        ObjectNode part = Json.mapper().createObjectNode();
        if (content instanceof TextContent text) {
            part.put("type", "text").put("text", text.text());
        } else if (content instanceof ImageContent image) {
            part.put("type", "image_url").putObject("image_url").put("url", url(image.image()));
        } else {
            part.put("type", content.type().name().toLowerCase(Locale.ROOT));
        }
        return part;
    }

    private static String url(Image image) {
        if (image.url() != null) {
            return image.url().toString();
        }
        return "data:" + image.mimeType() + ";base64," + image.base64Data();
    }

    private static ObjectNode responseFormat(JsonSchema schema) {
        ObjectNode format = Json.mapper().createObjectNode();
        if (schema == null) {
            return format.put("type", "json_object");
        }
        format.put("type", "json_schema");
        ObjectNode jsonSchema = format.putObject("json_schema").put("name", schema.name());
        if (schema.rootElement() instanceof JsonObjectSchema root) {
            // langchain4j-core writes JSON schemas only as part of a tool specification.
            String json = ToolSpecification.builder().name(schema.name()).parameters(root).build().toJson();
            jsonSchema.set("schema", readTree(json).path("parameters"));
        }
        return format;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LangChain4j wrote a tool specification that is not JSON", e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value instanceof String text) {
            node.put(field, text);
        } else if (value instanceof Integer number) {
            node.put(field, number);
        } else if (value instanceof Double number) {
            node.put(field, number);
        }
    }
}
