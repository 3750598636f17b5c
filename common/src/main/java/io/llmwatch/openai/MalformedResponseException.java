package io.llmwatch.openai;

/** A success body that is not a chat completion: not JSON, not an object, or without {@code choices[0].message}. */
public final class MalformedResponseException extends Exception {

    MalformedResponseException(String message) {
        super(message, null, false, false);
    }
}
