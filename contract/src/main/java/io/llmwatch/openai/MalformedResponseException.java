package io.llmwatch.openai;

/**
 * A success body that is not an answer of its API: not JSON, not an object, or without the part
 * that holds the answer ({@code choices[0].message} of a chat completion, see also
 * {@link io.llmwatch.wire.ProviderApi#parse}).
 */
public final class MalformedResponseException extends Exception {

    public MalformedResponseException(String message) {
        super(message, null, false, false);
    }
}
