package io.llmwatch.scorer.provider;

/** A success status whose body is not what the endpoint promises; the call fails as {@code invalid_response}. */
final class InvalidResponseException extends Exception {

    InvalidResponseException(String message) {
        super(message, null, false, false);
    }
}
