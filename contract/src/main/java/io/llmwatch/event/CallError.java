package io.llmwatch.event;

/** Why a call failed; a failed call is still an event and counts against its model's error rate. */
public record CallError(String type, String message) {
}
