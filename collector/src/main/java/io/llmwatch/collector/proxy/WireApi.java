package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.anthropic.MessagesStream;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ChatStream;
import io.llmwatch.openai.ReplyStream;
import io.llmwatch.openai.ResponsesStream;
import io.llmwatch.wire.ProviderApi;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One provider API the recording proxy speaks: its route, where a request goes upstream, how the
 * body is prepared, how the key is sent, and which wire package reads an answer or a stream into a
 * {@link ChatReply} (those shared with replay come from its {@link ProviderApi}). Everything else (forwarding, streaming, retries, compression, recording) is the
 * same for all and lives in {@link ProxyEndpoint}.
 */
final class WireApi {

    /** The OpenAI chat completions API; a stream gets {@code include_usage} added ({@link ChatRequest}). */
    static final WireApi CHAT_COMPLETIONS = new WireApi(ProviderApi.CHAT_COMPLETIONS, ProxyEndpoint.PATH, true,
            ChatStream::new);
    /**
     * The Anthropic Messages API: the key goes in {@code x-api-key}; the caller's
     * {@code anthropic-version} and {@code anthropic-beta} go through like any other header.
     */
    static final WireApi ANTHROPIC_MESSAGES = new WireApi(ProviderApi.ANTHROPIC_MESSAGES, "/proxy/{provider}/v1/messages",
            false, MessagesStream::new);
    /** The OpenAI Responses API. */
    static final WireApi RESPONSES = new WireApi(ProviderApi.RESPONSES, "/proxy/{provider}/v1/responses", false,
            ResponsesStream::new);

    /** The headers that carry a provider credential, in the order a caller's is looked for. */
    private static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "x-api-key");

    private final String name;
    private final String path;
    private final String upstreamPath;
    private final boolean addsStreamUsage;
    private final String keyHeader;
    private final String keyPrefix;
    private final Function<JsonNode, ChatReply> reader;
    private final Supplier<ReplyStream> streams;

    /**
     * @param api             its name, upstream path, key header and answer reader, shared with replay
     * @param addsStreamUsage a stream's usage must be asked for; the other APIs' streams always carry it
     */
    private WireApi(ProviderApi api, String path, boolean addsStreamUsage, Supplier<ReplyStream> streams) {
        this.name = api.id();
        this.path = path;
        this.upstreamPath = api.path();
        this.addsStreamUsage = addsStreamUsage;
        this.keyHeader = api.keyHeader();
        this.keyPrefix = api.keyValue("");
        this.reader = api::read;
        this.streams = streams;
    }

    /** Its name in a recorded call's {@value CallFactory#API} attribute, e.g. {@code anthropic.messages}. */
    String name() {
        return name;
    }

    /** The proxy's route, {@code /proxy/{provider}/v1/...}. */
    String path() {
        return path;
    }

    /** Appended to the provider's {@code base_url} (which ends in {@code /v1}). */
    String upstreamPath() {
        return upstreamPath;
    }

    /** The caller's body as it goes upstream. */
    ChatRequest request(byte[] body) {
        return addsStreamUsage ? ChatRequest.of(this, body) : ChatRequest.unchanged(this, body);
    }

    /**
     * The caller's credential for the provider: its {@code Authorization}, else its {@code x-api-key}
     * (either counts, whatever the API); null when it sent neither.
     *
     * @param callerHeader the caller's header by name
     */
    static String callerCredential(UnaryOperator<String> callerHeader) {
        for (String name : CREDENTIAL_HEADERS) {
            String value = callerHeader.apply(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Whether a caller's header is a credential, which only {@link #credential} sends upstream. */
    static boolean isCredential(String header) {
        return CREDENTIAL_HEADERS.stream().anyMatch(header::equalsIgnoreCase);
    }

    /**
     * Sets the credential upstream: llmwatch's key for the provider (from {@code api_key_env}) as this
     * API wants it, else the caller's credential headers unchanged.
     *
     * @param providerKey  llmwatch's key, or null when it lends none
     * @param callerHeader the caller's header by name
     */
    void credential(HttpRequest.Builder upstream, String providerKey, UnaryOperator<String> callerHeader) {
        if (providerKey != null) {
            upstream.setHeader(keyHeader, keyPrefix + providerKey);
            return;
        }
        for (String name : CREDENTIAL_HEADERS) {
            String value = callerHeader.apply(name);
            if (value != null) {
                upstream.header(name, value);
            }
        }
    }

    /** A non-streamed answer with a 2xx status. */
    ChatReply read(JsonNode body) {
        return reader.apply(body);
    }

    /** A new assembler for one streamed answer. */
    ReplyStream stream() {
        return streams.get();
    }
}
