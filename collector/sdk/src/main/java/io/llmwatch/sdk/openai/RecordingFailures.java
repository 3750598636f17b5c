package io.llmwatch.sdk.openai;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a failure to build the record of a call: the caller's call has succeeded and must not see it. */
final class RecordingFailures {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingChatCompletions.class);

    private RecordingFailures() {
    }

    static void log(RuntimeException e) {
        LOG.warn("llmwatch could not record an OpenAI call: {}", e.toString());
    }
}
