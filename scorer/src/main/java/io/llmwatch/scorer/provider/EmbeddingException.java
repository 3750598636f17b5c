package io.llmwatch.scorer.provider;

import io.llmwatch.event.CallError;

/** Why texts could not be embedded, after the provider's retries; {@link #error()} has the error type. */
public final class EmbeddingException extends RuntimeException {

    private final CallError error;

    public EmbeddingException(CallError error) {
        super(error.type() + ": " + error.message());
        this.error = error;
    }

    public CallError error() {
        return error;
    }
}
