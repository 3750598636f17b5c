package io.llmwatch.sdk;

import io.llmwatch.event.CallError;

/**
 * Turns an exception from an LLM client into the {@code error} of a failed call, after the
 * OpenTelemetry {@code error.type} convention: the HTTP status code when the provider answered with
 * one ({@code 429}, {@code 500}), else the exception's class name.
 */
public final class CallErrors {

    private static final int MAX_MESSAGE = 1_000;

    private CallErrors() {
    }

    /**
     * @param httpStatus the provider's HTTP status, or null when the call failed without a response
     *                   (timeout, connection refused, unreadable response)
     */
    public static CallError of(Throwable error, Integer httpStatus) {
        String type = httpStatus != null ? Integer.toString(httpStatus) : error.getClass().getName();
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new CallError(type, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
    }
}
