package io.llmwatch.sdk.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.completions.CompletionUsage;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Usage;
import io.llmwatch.sdk.CallErrors;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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

    /** The assistant's text; for a tool call its arguments (one per line when there are several). */
    static String outputText(ChatCompletion completion) {
        ChatCompletionMessage message = safely(() -> completion.choices().get(0).message());
        if (message == null) {
            return null;
        }
        Optional<String> content = message.content().filter(text -> !text.isEmpty());
        if (content.isPresent()) {
            return content.get();
        }
        List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
        if (!toolCalls.isEmpty()) {
            return toolCalls.stream()
                    .map(call -> call.function().map(f -> f.function().arguments())
                            .orElseGet(() -> call.custom().map(c -> c.custom().input()).orElse("")))
                    .collect(Collectors.joining("\n"));
        }
        return message.refusal().orElse(null);
    }

    static String finishReason(ChatCompletion completion) {
        return safely(() -> completion.choices().get(0).finishReason().asString());
    }

    /**
     * OpenAI's usage in llmwatch's terms: cached tokens are part of {@code prompt_tokens} and
     * reasoning tokens part of {@code completion_tokens}, which is the OpenTelemetry rule too.
     */
    static Usage usage(CompletionUsage usage) {
        Long cacheRead = usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(null);
        Long cacheWrite = usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cacheWriteTokens).orElse(null);
        Long reasoning = usage.completionTokensDetails()
                .flatMap(CompletionUsage.CompletionTokensDetails::reasoningTokens).orElse(null);
        return new Usage(usage._promptTokens().asKnown().orElse(null), usage._completionTokens().asKnown().orElse(null),
                cacheRead, cacheWrite, reasoning);
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
