package io.llmwatch.scorer.provider;

/** Reads a successful response body. */
@FunctionalInterface
interface ResponseParser<T> {

    T parse(byte[] body) throws InvalidResponseException;
}
