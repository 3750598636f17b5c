package io.llmwatch.sdk.openai;

import com.openai.client.OpenAIClient;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.llmwatch.sdk.CallLabels;
import io.llmwatch.sdk.LlmWatch;

/**
 * Records the chat completions of the official OpenAI Java SDK ({@code com.openai:openai-java}):
 *
 * <pre>{@code
 * OpenAIClient client = OpenAIOkHttpClient.fromEnv();
 * RecordingChatCompletions completions = LlmWatchOpenAi.completions(client, watch, "summarize-ticket");
 * ChatCompletion answer = completions.create(params);          // was: client.chat().completions().create(params)
 * }</pre>
 */
public final class LlmWatchOpenAi {

    private static final String PROVIDER = "openai";

    private LlmWatchOpenAi() {
    }

    /** {@code client.chat().completions()}, recording each call under {@code taskType}. */
    public static RecordingChatCompletions completions(OpenAIClient client, LlmWatch watch, String taskType) {
        return completions(client.chat().completions(), watch, CallLabels.task(taskType));
    }

    /** A chat completion service (e.g. one with options applied), recording each call with {@code labels}. */
    public static RecordingChatCompletions completions(ChatCompletionService completions, LlmWatch watch,
                                                       CallLabels labels) {
        return new RecordingChatCompletions(completions, watch, labels, PROVIDER, true);
    }
}
