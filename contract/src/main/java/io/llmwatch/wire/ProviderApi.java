package io.llmwatch.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.anthropic.Messages;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.MalformedResponseException;
import io.llmwatch.openai.Responses;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The provider APIs llmwatch records and replays: what is the same wherever llmwatch speaks one (the
 * recording proxy, the replay clients, the sampler): its names, its path under a provider's
 * {@code base_url}, how the key is sent, the field that caps output tokens, and which wire package
 * reads an answer into a {@link ChatReply} under the one output-text rule.
 *
 * <p>Two names each: {@link #id()} is the value of a recorded call's {@code api} attribute
 * ({@code openai.responses}); {@link #configName()} is how a provider entry lists the APIs its
 * upstream serves ({@code apis: [chat_completions, responses]}).
 */
public enum ProviderApi {

    /** OpenAI chat completions, and every OpenAI-compatible upstream. */
    CHAT_COMPLETIONS("openai.chat_completions", "chat_completions", "/chat/completions", "Authorization", "Bearer ",
            Map.of(), "max_tokens", "messages", ChatCompletions::read),
    /** The OpenAI Responses API. */
    RESPONSES("openai.responses", "responses", "/responses", "Authorization", "Bearer ", Map.of(), "max_output_tokens",
            "input", Responses::read),
    /**
     * The Anthropic Messages API: the key in {@code x-api-key}; a replay names the API version the
     * recorded body was written for ({@value #ANTHROPIC_VERSION}, the only stable one), since the
     * caller's {@code anthropic-version} header is not recorded.
     */
    ANTHROPIC_MESSAGES("anthropic.messages", "anthropic_messages", "/messages", "x-api-key", "",
            Map.of("anthropic-version", ProviderApi.ANTHROPIC_VERSION), "max_tokens", "messages", Messages::read);

    /** The attribute of a recorded call that names the API it was made with (absent for chat completions). */
    public static final String CALL_ATTRIBUTE = "api";

    /** The Messages API version replays are sent with. */
    public static final String ANTHROPIC_VERSION = "2023-06-01";

    private final String id;
    private final String configName;
    private final String path;
    private final String keyHeader;
    private final String keyPrefix;
    private final Map<String, String> headers;
    private final String maxTokensField;
    private final String promptField;
    private final Function<JsonNode, ChatReply> reader;

    ProviderApi(String id, String configName, String path, String keyHeader, String keyPrefix, Map<String, String> headers,
                String maxTokensField, String promptField, Function<JsonNode, ChatReply> reader) {
        this.id = id;
        this.configName = configName;
        this.path = path;
        this.keyHeader = keyHeader;
        this.keyPrefix = keyPrefix;
        this.headers = headers;
        this.maxTokensField = maxTokensField;
        this.promptField = promptField;
        this.reader = reader;
    }

    /** The value of a recorded call's {@code api} attribute, e.g. {@code anthropic.messages}. */
    public String id() {
        return id;
    }

    /** The name in a provider's {@code apis}, e.g. {@code anthropic_messages}. */
    public String configName() {
        return configName;
    }

    /** Appended to a provider's {@code base_url} (which ends in {@code /v1}). */
    public String path() {
        return path;
    }

    /** The header that carries the provider key. */
    public String keyHeader() {
        return keyHeader;
    }

    /** The key header's value for {@code key}. */
    public String keyValue(String key) {
        return keyPrefix + key;
    }

    /** Headers every request of this API sends besides the key (none but Anthropic's version). */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The field that caps a request's output tokens. For chat completions {@code max_completion_tokens}
     * is used instead when the request has it.
     */
    public String maxTokensField(JsonNode request) {
        return this == CHAT_COMPLETIONS && request != null && request.hasNonNull("max_completion_tokens")
                ? "max_completion_tokens" : maxTokensField;
    }

    /** Whether a recorded request has a prompt to replay: non-empty {@code messages}, or a Responses {@code input}. */
    public boolean hasPrompt(JsonNode request) {
        JsonNode prompt = request == null ? null : request.get(promptField);
        return prompt != null && (prompt.isArray() && !prompt.isEmpty() || this == RESPONSES && prompt.isTextual()
                && !prompt.asText().isBlank());
    }

    /** A 2xx answer body, read leniently (for recorders). */
    public ChatReply read(JsonNode body) {
        return reader.apply(body);
    }

    /**
     * A 2xx answer body, read strictly (for replay, which needs the answer): not JSON, not an
     * object, or without the part that holds the answer ({@code choices[0].message}, {@code content},
     * {@code output}) is malformed.
     */
    public ChatReply parse(byte[] body) throws MalformedResponseException {
        if (this == CHAT_COMPLETIONS) {
            return ChatCompletions.parse(body);
        }
        JsonNode root = ChatCompletions.object(body);
        String answer = this == RESPONSES ? "output" : "content";
        if (!root.path(answer).isArray()) {
            throw new MalformedResponseException("no " + answer + " array");
        }
        return reader.apply(root);
    }

    /** The API of a recorded call's {@code api} attribute; absent means chat completions (every call before). */
    public static Optional<ProviderApi> ofCallAttribute(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of(CHAT_COMPLETIONS);
        }
        return Arrays.stream(values()).filter(api -> api.id.equals(id)).findFirst();
    }

    /** The API named {@code name} in a provider's {@code apis}. */
    public static Optional<ProviderApi> ofConfigName(String name) {
        return Arrays.stream(values()).filter(api -> api.configName.equals(name)).findFirst();
    }

    /** The names a provider's {@code apis} accepts, for messages. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(ProviderApi::configName).toList();
    }
}
