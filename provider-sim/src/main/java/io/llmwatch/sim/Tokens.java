package io.llmwatch.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** Token counts as the simulation reports them: about four characters per token, as for English with BPE. */
final class Tokens {

    static final int CHARS_PER_TOKEN = 4;
    /** Per-message framing tokens (role, separators), as chat templates add. */
    private static final int PER_MESSAGE = 4;
    private static final int PER_REQUEST = 3;

    private Tokens() {
    }

    static long estimate(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    static long estimate(JsonNode messages) {
        long tokens = PER_REQUEST;
        for (JsonNode message : messages) {
            tokens += PER_MESSAGE + estimate(Answerer.text(message.path("content")));
        }
        return tokens;
    }
}
