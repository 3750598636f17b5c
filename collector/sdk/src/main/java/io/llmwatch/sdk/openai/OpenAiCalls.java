package io.llmwatch.sdk.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmwatch.event.CallError;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.sdk.CallErrors;
import java.util.function.Supplier;

/** Reads what llmwatch records from the OpenAI Java SDK's request and response models. */
final class OpenAiCalls {

    private OpenAiCalls() {
    }

    /**
     * The request body as the SDK sends it. Written with the SDK's own mapper: its models carry
     * their wire format (and any additional body properties) in their Jackson annotations.
     */
    static JsonNode requestBody(ChatCompletionCreateParams params, boolean stream) {
        JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
        if (stream && body instanceof ObjectNode object) {
            object.put("stream", true);
        }
        return body;
    }

    static String requestModel(ChatCompletionCreateParams params) {
        return safely(() -> params.model().asString());
    }

    /**
     * The completion read by the same rules as the proxy and the replay clients: the SDK's models
     * write their wire format (unknown fields included), which {@link ChatCompletions} reads.
     */
    static ChatReply reply(ChatCompletion completion) {
        return ChatCompletions.read(ObjectMappers.jsonMapper().valueToTree(completion));
    }

    /** The chunk as it came over the wire, for {@link io.llmwatch.openai.ChatStream}. */
    static JsonNode wire(ChatCompletionChunk chunk) {
        return ObjectMappers.jsonMapper().valueToTree(chunk);
    }

    static CallError error(Throwable e) {
        return CallErrors.of(e, e instanceof OpenAIServiceException service ? service.statusCode() : null);
    }

    /** A value the response may lack: the SDK throws when a required field is missing, a recorder must not. */
    static <T> T safely(Supplier<T> value) {
        try {
            return value.get();
        } catch (OpenAIInvalidDataException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
