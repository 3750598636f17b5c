package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link EmbeddingClient} for an OpenAI-compatible {@code POST …/embeddings}, with the provider's
 * concurrency limit, timeout, retries and circuit breaker. Completes exceptionally with an
 * {@link EmbeddingException} naming the error type when the texts cannot be embedded.
 */
public final class OpenAiEmbeddingClient implements EmbeddingClient {

    static final String PATH = "/embeddings";

    private final ProviderEndpoint endpoint;
    private final String model;

    OpenAiEmbeddingClient(ProviderEndpoint endpoint, String model) {
        this.endpoint = endpoint;
        this.model = model;
    }

    @Override
    public CompletableFuture<Embeddings> embed(List<String> texts) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", model).put("encoding_format", "float");
        texts.forEach(body.putArray("input")::add);
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        return endpoint.post(PATH, bytes, response -> parse(response, texts.size())).thenApply(outcome -> {
            if (outcome.error() != null) {
                throw new EmbeddingException(outcome.error());
            }
            return outcome.value();
        });
    }

    private Embeddings parse(byte[] body, int expected) throws InvalidResponseException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new InvalidResponseException("a body that is not JSON");
        }
        JsonNode data = root == null ? null : root.path("data");
        if (data == null || !data.isArray() || data.size() != expected) {
            throw new InvalidResponseException("not one embedding per input (" + expected + " asked)");
        }
        float[][] vectors = new float[expected][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            if (index < 0 || index >= expected || vectors[index] != null) {
                throw new InvalidResponseException("an embedding with a missing or repeated index");
            }
            vectors[index] = vector(item.path("embedding"));
        }
        JsonNode usage = root.path("usage").path("prompt_tokens");
        String served = root.path("model").asText(model);
        return new Embeddings(List.of(vectors), served, usage.canConvertToLong() ? Usage.of(usage.asLong(), 0) : null);
    }

    private static float[] vector(JsonNode embedding) throws InvalidResponseException {
        if (embedding.isTextual()) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText())).order(ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[bytes.remaining() / Float.BYTES];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = bytes.getFloat();
            }
            return vector;
        }
        if (!embedding.isArray() || embedding.isEmpty()) {
            throw new InvalidResponseException("an embedding that is not an array of numbers");
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode value = embedding.get(i);
            if (!value.isNumber()) {
                throw new InvalidResponseException("an embedding that is not an array of numbers");
            }
            vector[i] = value.floatValue();
        }
        return vector;
    }
}
