package io.llmwatch.sdk.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.llmwatch.event.CallError;
import io.llmwatch.openai.OutputText;
import io.llmwatch.event.CallBuilder;
import io.llmwatch.sdk.CallErrors;
import io.llmwatch.sdk.CallLabels;
import io.llmwatch.sdk.LlmWatch;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ChatModelListener} that records every chat call of the models it is
 * registered on:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *         ...
 *         .listeners(List.of(LlmWatchChatModelListener.of(watch, "summarize-ticket")))
 *         .build();
 * }</pre>
 *
 * <p>{@code onRequest} notes the start in the call's listener attributes; {@code onResponse} and
 * {@code onError} record the call with its request (as an OpenAI chat-completions body), output
 * text ({@link OutputText}), finish reason, token usage (cached and reasoning tokens from the
 * OpenAI and Anthropic modules' usage types), latency, and the error of a failed call. LangChain4j
 * reports no time to first token to listeners. A listener never throws into the model.
 */
public final class LlmWatchChatModelListener implements ChatModelListener {

    private static final Logger LOG = LoggerFactory.getLogger(LlmWatchChatModelListener.class);
    /** The key of this listener's start mark in the attributes LangChain4j shares between the callbacks of one call. */
    private static final Object START = new Object();

    private static final Map<ModelProvider, String> PROVIDERS = Map.ofEntries(
            Map.entry(ModelProvider.OPEN_AI, "openai"),
            Map.entry(ModelProvider.AZURE_OPEN_AI, "azure.ai.openai"),
            Map.entry(ModelProvider.ANTHROPIC, "anthropic"),
            Map.entry(ModelProvider.AMAZON_BEDROCK, "aws.bedrock"),
            Map.entry(ModelProvider.GOOGLE_AI_GEMINI, "gcp.gemini"),
            Map.entry(ModelProvider.GOOGLE_VERTEX_AI_GEMINI, "gcp.vertex_ai"),
            Map.entry(ModelProvider.MISTRAL_AI, "mistral_ai"),
            Map.entry(ModelProvider.WATSONX, "ibm.watsonx.ai"),
            Map.entry(ModelProvider.COHERE, "cohere"),
            Map.entry(ModelProvider.OLLAMA, "ollama"));

    private final LlmWatch watch;
    private final CallLabels labels;

    public LlmWatchChatModelListener(LlmWatch watch, CallLabels labels) {
        this.watch = watch;
        this.labels = labels;
    }

    /** A listener recording every call under {@code taskType}. */
    public static LlmWatchChatModelListener of(LlmWatch watch, String taskType) {
        return new LlmWatchChatModelListener(watch, CallLabels.task(taskType));
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        context.attributes().put(START, new Start(watch.clock().instant(), System.nanoTime()));
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        try {
            ChatResponse response = context.chatResponse();
            CallBuilder call = newCall(context.chatRequest(), context.modelProvider(), context.attributes())
                    .responseModel(response.modelName())
                    .outputText(outputText(response.aiMessage()))
                    .finishReason(finishReason(response.finishReason()))
                    .usage(TokenUsages.of(response.tokenUsage()));
            watch.record(call.build());
        } catch (RuntimeException e) {
            LOG.warn("llmwatch could not record a LangChain4j call: {}", e.toString());
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        try {
            watch.record(newCall(context.chatRequest(), context.modelProvider(), context.attributes())
                    .error(error(context.error()))
                    .build());
        } catch (RuntimeException e) {
            LOG.warn("llmwatch could not record a failed LangChain4j call: {}", e.toString());
        }
    }

    private CallBuilder newCall(ChatRequest request, ModelProvider provider, Map<Object, Object> attributes) {
        long now = System.nanoTime();
        Start start = attributes.get(START) instanceof Start s ? s : new Start(watch.clock().instant(), now);
        return labels.newCall()
                .timestamp(start.instant())
                .provider(provider == null ? null : PROVIDERS.getOrDefault(provider, provider.name().toLowerCase(Locale.ROOT)))
                .operation("chat")
                .requestModel(request.modelName())
                .request(ChatRequestBodies.of(request))
                .latencyMs((now - start.nanos()) / 1e6);
    }

    /** By the {@link OutputText} rule that every OpenAI reader uses, so that replays compare alike. */
    private static String outputText(AiMessage message) {
        if (message == null) {
            return null;
        }
        List<ToolExecutionRequest> calls = message.toolExecutionRequests();
        return OutputText.of(message.text(), calls == null ? List.of()
                : calls.stream().map(call -> call.arguments() == null ? "" : call.arguments()).toList(), null);
    }

    /** LangChain4j's finish reasons under the names OpenAI and the OpenTelemetry conventions use. */
    private static String finishReason(FinishReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            default -> reason.name().toLowerCase(Locale.ROOT);
        };
    }

    private static CallError error(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return CallErrors.of(error, http.statusCode());
            }
        }
        return CallErrors.of(error, null);
    }

    /** When a call began: its timestamp, and the monotonic clock for its latency. */
    private record Start(Instant instant, long nanos) {
    }
}
