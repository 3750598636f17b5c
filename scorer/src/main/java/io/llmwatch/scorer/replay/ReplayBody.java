package io.llmwatch.scorer.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.json.Json;
import io.llmwatch.redact.Credentials;
import io.llmwatch.wire.ProviderApi;

/**
 * What a recorded request becomes when it is replayed, and the most that replay can be billed: the
 * one rule used by the sampler (to project and charge a replay against its task's daily budget, and
 * to write the request to {@code llmwatch.replay.requests}) and by the replay worker (which sends
 * what it reads shaped again, should a request come from elsewhere).
 *
 * <p>A replayed request has no credential-looking fields ({@link Credentials}), no streaming, at
 * most {@code replay.max_n} choices and at most {@code replay.max_tokens} output tokens per choice,
 * in its API's field ({@link ProviderApi#maxTokensField}: {@code max_completion_tokens} when a chat
 * request uses it, else {@code max_tokens}; {@code max_output_tokens} for the Responses API), set
 * when absent.
 *
 * <p>Its bound does not trust the call's declared usage: input tokens are at least its UTF-8 size in
 * bytes (a BPE tokenizer never makes more tokens than bytes; the JSON around the text covers the
 * chat template's few tokens per message), output tokens at most the capped {@code max_tokens} times
 * {@code n}. Thread-safe.
 */
public final class ReplayBody {

    private final ReplayConfig limits;

    public ReplayBody(ReplayConfig limits) {
        this.limits = limits.orElse(ReplayConfig.DEFAULT);
    }

    /** A chat-completions request as it is replayed; null when the call recorded no request object. */
    public ObjectNode shape(JsonNode recorded) {
        return shape(recorded, ProviderApi.CHAT_COMPLETIONS);
    }

    /** A request of {@code api} as it is replayed; null when the call recorded no request object. */
    public ObjectNode shape(JsonNode recorded, ProviderApi api) {
        JsonNode stripped = Credentials.strip(recorded);
        if (stripped == null || !stripped.isObject()) {
            return null;
        }
        ObjectNode body = ((ObjectNode) stripped).deepCopy();
        body.remove("stream");
        body.remove("stream_options");
        if (body.has("n")) {
            int n = body.path("n").canConvertToInt() ? body.path("n").asInt() : 1;
            body.put("n", Math.max(1, Math.min(n, limits.maxN())));
        }
        String field = api.maxTokensField(body);
        JsonNode asked = body.path(field);
        long max = asked.canConvertToLong() && asked.asLong() >= 1 ? asked.asLong() : Long.MAX_VALUE;
        body.put(field, (int) Math.min(max, limits.maxTokens()));
        return body;
    }

    /** The most input tokens a shaped request is billed: its size in bytes, or the declared count if larger. */
    public static long inputTokenBound(JsonNode shaped, Long declared) {
        long bytes = 0;
        if (shaped != null) {
            try {
                bytes = Json.mapper().writeValueAsBytes(shaped).length;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        }
        return Math.max(bytes, declared == null ? 0 : declared);
    }

    /** The most output tokens a shaped chat-completions request is billed: its token cap times its choices. */
    public long outputTokenBound(JsonNode shaped) {
        return outputTokenBound(shaped, ProviderApi.CHAT_COMPLETIONS);
    }

    /** The most output tokens a shaped request of {@code api} is billed: its token cap times its choices. */
    public long outputTokenBound(JsonNode shaped, ProviderApi api) {
        if (shaped == null) {
            return (long) limits.maxTokens() * limits.maxN();
        }
        return shaped.path(api.maxTokensField(shaped)).asLong(limits.maxTokens()) * shaped.path("n").asLong(1);
    }
}
