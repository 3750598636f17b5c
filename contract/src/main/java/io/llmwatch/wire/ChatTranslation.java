package io.llmwatch.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request of one provider API in another's form, for a replay candidate whose provider does not
 * serve the API the call was made with, and the list of what the translation would lose. A replay
 * uses it only when nothing is lost (so the candidate is asked the same thing); the judges use the
 * chat form to read the task whatever the loss.
 *
 * <p>Every translation goes through chat completions: Messages or Responses to chat
 * ({@link #toChat}), and chat to Messages ({@link #translate}); there is none to the Responses API.
 * Translated without loss: system prompts ({@code system}, {@code instructions}), messages whose
 * content is text, the token cap, {@code temperature}, {@code top_p}, stop sequences, function tools
 * and the tool choice, and (to chat) the Responses structured-output format ({@code text.format}).
 * Anything else — images, documents, tool-use history, cache hints, {@code top_k}, built-in tools,
 * reasoning settings, a {@code previous_response_id}; to Messages also a response format, {@code n},
 * penalties, a seed, a temperature above 1 — is named as a loss.
 */
public final class ChatTranslation {

    /** Fields that change nothing of what a model is asked (request bookkeeping). */
    private static final Set<String> NEUTRAL = Set.of("model", "stream", "metadata", "store", "user", "service_tier");

    /**
     * @param body   the request in chat-completions form
     * @param losses what it could not carry, each naming the field; empty = lossless
     */
    public record Translated(ObjectNode body, List<String> losses) {

        public boolean lossless() {
            return losses.isEmpty();
        }
    }

    private ChatTranslation() {
    }

    /** {@code request} of {@code from} as a request of {@code to}. */
    public static Translated translate(ProviderApi from, ProviderApi to, JsonNode request) {
        if (from == to) {
            return new Translated(request != null && request.isObject() ? ((ObjectNode) request).deepCopy()
                    : Json.mapper().createObjectNode(), request != null && request.isObject() ? List.of()
                    : List.of("the request is not a JSON object"));
        }
        Translated chat = toChat(from, request);
        if (to == ProviderApi.CHAT_COMPLETIONS) {
            return chat;
        }
        List<String> losses = new ArrayList<>(chat.losses());
        if (to == ProviderApi.RESPONSES) {
            losses.add("no translation to the Responses API");
            return new Translated(chat.body(), List.copyOf(losses));
        }
        ObjectNode messages = toMessages(chat.body(), losses);
        return new Translated(messages, List.copyOf(losses));
    }

    /** {@code request} of {@code api} as a chat-completions request. */
    public static Translated toChat(ProviderApi api, JsonNode request) {
        List<String> losses = new ArrayList<>();
        ObjectNode chat = Json.mapper().createObjectNode();
        if (request == null || !request.isObject()) {
            return new Translated(chat, List.of("the request is not a JSON object"));
        }
        switch (api) {
            case CHAT_COMPLETIONS -> {
                return new Translated(((ObjectNode) request).deepCopy(), List.of());
            }
            case ANTHROPIC_MESSAGES -> fromMessages(request, chat, losses);
            case RESPONSES -> fromResponses(request, chat, losses);
            default -> throw new IllegalArgumentException(api.name());
        }
        return new Translated(chat, List.copyOf(losses));
    }

    private static void fromMessages(JsonNode request, ObjectNode chat, List<String> losses) {
        copyModel(request, chat);
        ArrayNode messages = chat.putArray("messages");
        JsonNode system = request.get("system");
        if (system != null && !system.isNull()) {
            messages.addObject().put("role", "system").put("content", text(system, "system", losses));
        }
        int i = 0;
        for (JsonNode message : request.path("messages")) {
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                losses.add("messages[" + i + "].role '" + role + "'");
            }
            messages.addObject().put("role", role).put("content", text(message.get("content"), "messages[" + i + "]", losses));
            i++;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "system", "messages" -> {
                }
                case "max_tokens", "temperature", "top_p" -> chat.set(name, value);
                case "stop_sequences" -> chat.set("stop", value);
                case "tools" -> chat.set("tools", messagesTools(value, losses));
                case "tool_choice" -> messagesToolChoice(value, chat, losses);
                default -> neutralOrLoss(name, losses);
            }
        }
    }

    /** A chat-completions request as a Messages request. */
    private static ObjectNode toMessages(JsonNode chat, List<String> losses) {
        ObjectNode out = Json.mapper().createObjectNode();
        copyModel(chat, out);
        ArrayNode messages = Json.mapper().createArrayNode();
        int i = 0;
        for (JsonNode message : chat.path("messages")) {
            String role = message.path("role").asText("");
            String text = text(message.get("content"), "messages[" + i + "]", losses);
            if ((role.equals("system") || role.equals("developer")) && messages.isEmpty() && !out.has("system")) {
                out.put("system", text);
            } else if (role.equals("user") || role.equals("assistant")) {
                if (message.hasNonNull("tool_calls")) {
                    losses.add("messages[" + i + "].tool_calls");
                }
                messages.addObject().put("role", role).put("content", text);
            } else {
                losses.add("messages[" + i + "].role '" + role + "'" + (role.equals("system") ? " after the first message" : ""));
            }
            i++;
        }
        out.set("messages", messages);
        for (Iterator<Map.Entry<String, JsonNode>> it = chat.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "messages" -> {
                }
                case "max_tokens", "max_completion_tokens" -> out.set("max_tokens", value);
                case "top_p" -> out.set(name, value);
                // Anthropic's temperature runs from 0 to 1, OpenAI's to 2: above 1 has no equal.
                case "temperature" -> {
                    if (value.asDouble() > 1) {
                        losses.add("temperature " + value.asText() + " (Anthropic's goes to 1)");
                    }
                    out.set(name, value);
                }
                case "stop" -> out.set("stop_sequences", value.isTextual()
                        ? Json.mapper().createArrayNode().add(value) : value);
                case "n" -> {
                    if (value.asInt(1) != 1) {
                        losses.add("n " + value.asText());
                    }
                }
                case "tools" -> out.set("tools", chatToolsAsMessages(value, losses));
                case "tool_choice" -> chatToolChoiceAsMessages(value, out, losses);
                case "parallel_tool_calls" -> {
                    if (!value.asBoolean(true)) {
                        ObjectNode choice = out.has("tool_choice") ? (ObjectNode) out.get("tool_choice")
                                : out.putObject("tool_choice").put("type", "auto");
                        choice.put("disable_parallel_tool_use", true);
                    }
                }
                case "stream_options" -> {
                }
                default -> neutralOrLoss(name, losses);
            }
        }
        return out;
    }

    private static ArrayNode chatToolsAsMessages(JsonNode tools, List<String> losses) {
        ArrayNode out = Json.mapper().createArrayNode();
        int i = 0;
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!tool.path("type").asText("").equals("function") || function.path("strict").asBoolean(false)) {
                losses.add("tools[" + i + "] (" + (function.path("strict").asBoolean(false) ? "strict"
                        : tool.path("type").asText("?")) + ")");
            }
            ObjectNode converted = out.addObject().put("name", function.path("name").asText(""));
            if (function.hasNonNull("description")) {
                converted.set("description", function.get("description"));
            }
            converted.set("input_schema", function.hasNonNull("parameters") ? function.get("parameters")
                    : Json.mapper().createObjectNode().put("type", "object"));
            i++;
        }
        return out;
    }

    private static void chatToolChoiceAsMessages(JsonNode choice, ObjectNode out, List<String> losses) {
        ObjectNode converted = out.has("tool_choice") ? (ObjectNode) out.get("tool_choice") : out.putObject("tool_choice");
        switch (choice.isTextual() ? choice.asText() : choice.path("type").asText("")) {
            case "auto" -> converted.put("type", "auto");
            case "none" -> converted.put("type", "none");
            case "required" -> converted.put("type", "any");
            case "function" -> converted.put("type", "tool").put("name", choice.path("function").path("name").asText(""));
            default -> losses.add("tool_choice " + choice);
        }
    }

    private static ArrayNode messagesTools(JsonNode tools, List<String> losses) {
        ArrayNode out = Json.mapper().createArrayNode();
        int i = 0;
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom") || tool.has("cache_control") || !tool.has("input_schema")) {
                losses.add("tools[" + i + "] (" + (type.equals("custom") ? "cache_control or no input_schema" : type) + ")");
            }
            function(out, tool.path("name").asText(""), tool.get("description"), tool.get("input_schema"), null);
            i++;
        }
        return out;
    }

    private static void messagesToolChoice(JsonNode choice, ObjectNode chat, List<String> losses) {
        switch (choice.path("type").asText("")) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.path("name").asText(""));
            default -> losses.add("tool_choice " + choice);
        }
        if (choice.has("disable_parallel_tool_use")) {
            chat.put("parallel_tool_calls", !choice.path("disable_parallel_tool_use").asBoolean());
        }
    }

    private static void fromResponses(JsonNode request, ObjectNode chat, List<String> losses) {
        copyModel(request, chat);
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = request.get("instructions");
        if (instructions != null && !instructions.isNull()) {
            messages.addObject().put("role", "system").put("content", text(instructions, "instructions", losses));
        }
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else {
            int i = 0;
            for (JsonNode item : input) {
                String type = item.path("type").asText("message");
                if (!type.equals("message")) {
                    losses.add("input[" + i + "] of type " + type);
                } else {
                    messages.addObject().put("role", item.path("role").asText("user"))
                            .put("content", text(item.get("content"), "input[" + i + "]", losses));
                }
                i++;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "instructions", "input" -> {
                }
                case "max_output_tokens" -> chat.set("max_completion_tokens", value);
                case "temperature", "top_p", "parallel_tool_calls" -> chat.set(name, value);
                case "tools" -> chat.set("tools", responsesTools(value, losses));
                case "tool_choice" -> responsesToolChoice(value, chat, losses);
                case "text" -> responsesFormat(value, chat, losses);
                default -> neutralOrLoss(name, losses);
            }
        }
    }

    private static ArrayNode responsesTools(JsonNode tools, List<String> losses) {
        ArrayNode out = Json.mapper().createArrayNode();
        int i = 0;
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText("");
            if (!type.equals("function")) {
                losses.add("tools[" + i + "] (" + type + ")");
            } else {
                function(out, tool.path("name").asText(""), tool.get("description"), tool.get("parameters"), tool.get("strict"));
            }
            i++;
        }
        return out;
    }

    private static void responsesToolChoice(JsonNode choice, ObjectNode chat, List<String> losses) {
        if (choice.isTextual()) {
            chat.set("tool_choice", choice);
        } else if (choice.path("type").asText("").equals("function")) {
            chat.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.path("name").asText(""));
        } else {
            losses.add("tool_choice " + choice);
        }
    }

    private static void responsesFormat(JsonNode text, ObjectNode chat, List<String> losses) {
        JsonNode format = text.get("format");
        text.fieldNames().forEachRemaining(name -> {
            if (!name.equals("format")) {
                losses.add("text." + name);
            }
        });
        if (format == null || format.path("type").asText("").equals("text")) {
            return;
        }
        switch (format.path("type").asText("")) {
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                for (String field : List.of("name", "description", "schema", "strict")) {
                    if (format.has(field)) {
                        schema.set(field, format.get(field));
                    }
                }
            }
            default -> losses.add("text.format " + format.path("type").asText("?"));
        }
    }

    private static void function(ArrayNode out, String name, JsonNode description, JsonNode parameters, JsonNode strict) {
        ObjectNode function = out.addObject().put("type", "function").putObject("function").put("name", name);
        if (description != null && !description.isNull()) {
            function.set("description", description);
        }
        if (parameters != null && !parameters.isNull()) {
            function.set("parameters", parameters);
        }
        if (strict != null && !strict.isNull()) {
            function.set("strict", strict);
        }
    }

    /**
     * A string, or content parts that are all text ({@code text}, {@code input_text},
     * {@code output_text}) joined; any other part is a loss, shown as {@code [type]}.
     */
    private static String text(JsonNode content, String where, List<String> losses) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        int i = 0;
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            boolean isText = type.equals("text") || type.equals("input_text") || type.equals("output_text");
            if (!isText || part.has("cache_control") || part.has("citations") && !part.get("citations").isNull()) {
                losses.add(where + ".content[" + i + "] (" + (isText ? "cache_control or citations" : type) + ")");
            }
            text.append(isText ? part.path("text").asText("") : "[" + type + "]");
            i++;
        }
        return text.toString();
    }

    private static void copyModel(JsonNode request, ObjectNode chat) {
        if (request.hasNonNull("model")) {
            chat.set("model", request.get("model"));
        }
    }

    private static void neutralOrLoss(String name, List<String> losses) {
        if (!NEUTRAL.contains(name)) {
            losses.add(name);
        }
    }
}
