package io.llmwatch.sdk.openai;

import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionDeleteParams;
import com.openai.models.chat.completions.ChatCompletionDeleted;
import com.openai.models.chat.completions.ChatCompletionListPage;
import com.openai.models.chat.completions.ChatCompletionListParams;
import com.openai.models.chat.completions.ChatCompletionRetrieveParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionUpdateParams;
import com.openai.services.blocking.chat.ChatCompletionService;
import com.openai.services.blocking.chat.completions.MessageService;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.event.CallBuilder;
import io.llmwatch.sdk.CallLabels;
import io.llmwatch.sdk.LlmWatch;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The OpenAI Java SDK's {@code chat().completions()} service, recording every
 * {@link #create(ChatCompletionCreateParams, RequestOptions) create} and
 * {@link #createStreaming(ChatCompletionCreateParams, RequestOptions) createStreaming} call into an
 * {@link LlmWatch}: the request body, output text (by {@link io.llmwatch.openai.OutputText}), finish reason, usage
 * (cached and reasoning tokens included), latency, time to first token of a stream, and failures as
 * failed calls. The caller gets exactly what the SDK returned or threw; recording never throws into
 * it. The SDK's own retries stay inside one recorded call.
 *
 * <p>When a streaming request does not ask for {@code stream_options.include_usage}, the recorder
 * asks for it (so that streamed calls have token counts) and keeps the extra usage-only chunk from
 * the caller; switch this off with {@link #withIncludeUsage(boolean)} for a server that rejects the
 * option. {@code retrieve}, {@code update}, {@code list}, {@code delete}, {@code messages} and
 * {@code withRawResponse} pass through unrecorded.
 */
public final class RecordingChatCompletions implements ChatCompletionService {

    private final ChatCompletionService delegate;
    private final LlmWatch watch;
    private final CallLabels labels;
    private final String provider;
    private final boolean includeUsage;

    RecordingChatCompletions(ChatCompletionService delegate, LlmWatch watch, CallLabels labels, String provider,
                             boolean includeUsage) {
        this.delegate = delegate;
        this.watch = watch;
        this.labels = labels;
        this.provider = provider;
        this.includeUsage = includeUsage;
    }

    /** The same service recording calls with these labels (task type, app, trace, attributes). */
    public RecordingChatCompletions withLabels(CallLabels labels) {
        return new RecordingChatCompletions(delegate, watch, labels, provider, includeUsage);
    }

    /** The same service recording calls under this task type. */
    public RecordingChatCompletions withTaskType(String taskType) {
        return withLabels(labels.withTaskType(taskType));
    }

    /** The provider recorded ({@code openai} by default; e.g. {@code groq} for an OpenAI-compatible base URL). */
    public RecordingChatCompletions withProvider(String provider) {
        return new RecordingChatCompletions(delegate, watch, labels, provider, includeUsage);
    }

    /** Whether to ask for {@code stream_options.include_usage} on streams that do not (default true). */
    public RecordingChatCompletions withIncludeUsage(boolean includeUsage) {
        return new RecordingChatCompletions(delegate, watch, labels, provider, includeUsage);
    }

    @Override
    public ChatCompletion create(ChatCompletionCreateParams params, RequestOptions requestOptions) {
        Instant start = watch.clock().instant();
        long startNanos = System.nanoTime();
        ChatCompletion completion;
        try {
            completion = delegate.create(params, requestOptions);
        } catch (RuntimeException e) {
            recordFailure(params, false, start, startNanos, e);
            throw e;
        }
        try {
            ChatReply reply = OpenAiCalls.reply(completion);
            CallBuilder call = newCall(params, false, start, startNanos)
                    .responseModel(reply.responseModel())
                    .outputText(reply.outputText())
                    .finishReason(reply.finishReason())
                    .usage(reply.usage());
            watch.record(call.build());
        } catch (RuntimeException e) {
            RecordingFailures.log(e);
        }
        return completion;
    }

    @Override
    public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params,
                                                               RequestOptions requestOptions) {
        Instant start = watch.clock().instant();
        long startNanos = System.nanoTime();
        boolean addUsage = includeUsage && !params.streamOptions()
                .flatMap(ChatCompletionStreamOptions::includeUsage).orElse(false);
        StreamResponse<ChatCompletionChunk> upstream;
        try {
            upstream = delegate.createStreaming(addUsage ? withUsage(params) : params, requestOptions);
        } catch (RuntimeException e) {
            recordFailure(params, true, start, startNanos, e);
            throw e;
        }
        return new RecordingStreamResponse(upstream, startNanos, addUsage,
                (reply, timeToFirstTokenMs, error) -> recordStream(params, start, startNanos, reply, timeToFirstTokenMs,
                        error));
    }

    private void recordStream(ChatCompletionCreateParams params, Instant start, long startNanos,
                              ChatReply reply, Double timeToFirstTokenMs, Throwable error) {
        try {
            CallBuilder call = newCall(params, true, start, startNanos)
                    .responseModel(reply.responseModel())
                    .outputText(reply.outputText())
                    .finishReason(reply.finishReason())
                    .usage(reply.usage())
                    .timeToFirstTokenMs(timeToFirstTokenMs);
            if (error != null) {
                call.error(OpenAiCalls.error(error));
            }
            watch.record(call.build());
        } catch (RuntimeException e) {
            RecordingFailures.log(e);
        }
    }

    private void recordFailure(ChatCompletionCreateParams params, boolean stream, Instant start, long startNanos,
                               RuntimeException error) {
        try {
            watch.record(newCall(params, stream, start, startNanos).error(OpenAiCalls.error(error)).build());
        } catch (RuntimeException e) {
            RecordingFailures.log(e);
        }
    }

    private CallBuilder newCall(ChatCompletionCreateParams params, boolean stream, Instant start, long startNanos) {
        return labels.newCall()
                .timestamp(start)
                .provider(provider)
                .operation("chat")
                .requestModel(OpenAiCalls.requestModel(params))
                .request(OpenAiCalls.requestBody(params, stream))
                .latencyMs((System.nanoTime() - startNanos) / 1e6);
    }

    private static ChatCompletionCreateParams withUsage(ChatCompletionCreateParams params) {
        ChatCompletionStreamOptions.Builder options = params.streamOptions()
                .map(ChatCompletionStreamOptions::toBuilder)
                .orElseGet(ChatCompletionStreamOptions::builder);
        return params.toBuilder().streamOptions(options.includeUsage(true).build()).build();
    }

    @Override
    public ChatCompletionService.WithRawResponse withRawResponse() {
        return delegate.withRawResponse();
    }

    @Override
    public ChatCompletionService withOptions(Consumer<ClientOptions.Builder> modifier) {
        return new RecordingChatCompletions(delegate.withOptions(modifier), watch, labels, provider, includeUsage);
    }

    @Override
    public MessageService messages() {
        return delegate.messages();
    }

    @Override
    public ChatCompletion retrieve(ChatCompletionRetrieveParams params, RequestOptions requestOptions) {
        return delegate.retrieve(params, requestOptions);
    }

    @Override
    public ChatCompletion update(ChatCompletionUpdateParams params, RequestOptions requestOptions) {
        return delegate.update(params, requestOptions);
    }

    @Override
    public ChatCompletionListPage list(ChatCompletionListParams params, RequestOptions requestOptions) {
        return delegate.list(params, requestOptions);
    }

    @Override
    public ChatCompletionDeleted delete(ChatCompletionDeleteParams params, RequestOptions requestOptions) {
        return delegate.delete(params, requestOptions);
    }
}
