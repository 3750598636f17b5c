package io.llmwatch.streams;

import io.llmwatch.event.DeadLetter;

/** Either a valid record or the dead letter that replaces it. */
record Parsed<T>(T value, DeadLetter deadLetter) {

    boolean valid() {
        return value != null;
    }
}
