package io.llmwatch.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The response bodies of the simulated provider, shaped exactly as OpenAI's. */
final class OpenAiJson {

    static final String OWNER = "llmwatch-simulation";

    private OpenAiJson() {
    }

    static ObjectNode completion(String id, long created, String model, SimulatedAnswer answer) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (answer.toolName() != null) {
            message.putNull("content");
            toolCall(message.putArray("tool_calls").addObject(), id, answer, answer.toolArguments());
        } else {
            message.put("content", answer.content());
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finishReason());
        root.set("usage", usage(answer));
        root.put("system_fingerprint", OWNER);
        return root;
    }

    /** The streamed form: a role chunk, content (or argument) pieces, the finishing chunk, the usage chunk. */
    static List<ObjectNode> chunks(String id, long created, String model, SimulatedAnswer answer, boolean includeUsage) {
        String text = answer.outputText();
        List<ObjectNode> all = new ArrayList<>();
        ObjectNode firstDelta = chunk(all, id, created, model, includeUsage).putObject("delta");
        firstDelta.put("role", "assistant");
        if (answer.toolName() != null) {
            firstDelta.putNull("content");
            toolCall(firstDelta.putArray("tool_calls").addObject().put("index", 0), id, answer, "");
        } else {
            firstDelta.put("content", "");
        }
        for (String piece : pieces(text == null ? "" : text)) {
            ObjectNode delta = chunk(all, id, created, model, includeUsage).putObject("delta");
            if (answer.toolName() != null) {
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece);
            } else {
                delta.put("content", piece);
            }
        }
        chunk(all, id, created, model, includeUsage).put("finish_reason", answer.finishReason());
        if (includeUsage) {
            ObjectNode usage = Json.mapper().createObjectNode();
            usage.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model)
                    .put("system_fingerprint", OWNER);
            usage.putArray("choices");
            usage.set("usage", usage(answer));
            all.add(usage);
        }
        return all;
    }

    static ObjectNode embeddings(String model, List<float[]> vectors, long promptTokens, boolean base64) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            float[] vector = vectors.get(i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        return root;
    }

    static ObjectNode models(List<String> ids, long created) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        ids.forEach(id -> data.add(model(id, created)));
        return root;
    }

    static ObjectNode model(String id, long created) {
        return Json.mapper().createObjectNode().put("id", id).put("object", "model").put("created", created)
                .put("owned_by", OWNER);
    }

    static ObjectNode error(String message, String type, String code) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root;
    }

    /** Adds a chunk and returns its only choice (empty delta, no finish reason yet). */
    private static ObjectNode chunk(List<ObjectNode> all, String id, long created, String model, boolean includeUsage) {
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model)
                .put("system_fingerprint", OWNER);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            // OpenAI sends "usage": null on every chunk but the last when usage is asked for.
            chunk.putNull("usage");
        }
        all.add(chunk);
        return choice;
    }

    private static void toolCall(ObjectNode call, String id, SimulatedAnswer answer, String arguments) {
        call.put("id", "call_" + id.substring(id.indexOf('-') + 1)).put("type", "function");
        call.putObject("function").put("name", answer.toolName()).put("arguments", arguments);
    }

    private static ObjectNode usage(SimulatedAnswer answer) {
        ObjectNode usage = Json.mapper().createObjectNode();
        usage.put("prompt_tokens", answer.promptTokens())
                .put("completion_tokens", answer.completionTokens())
                .put("total_tokens", answer.promptTokens() + answer.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", answer.cachedTokens()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", answer.reasoningTokens())
                .put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    /** Splits text into stream pieces of about three words, keeping the whitespace. */
    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int words = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && ++words % 3 == 0) {
                pieces.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
