package io.llmwatch.sdk;

import static org.awaitility.Awaitility.await;

import io.llmwatch.event.LlmCall;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.List;

/** Reads back from {@code llmwatch.calls} what an SDK under test recorded. */
public final class RecordedCalls {

    private RecordedCalls() {
    }

    /** Waits until {@code count} calls of {@code app} are on the topic and returns them in the order written. */
    public static List<LlmCall> of(String bootstrapServers, String app, int count) {
        try (TopicReader<LlmCall> reader = new TopicReader<>(bootstrapServers, Topics.CALLS)) {
            return await().atMost(Duration.ofSeconds(60)).until(
                    () -> reader.poll().stream().filter(call -> app.equals(call.app())).toList(),
                    calls -> calls.size() >= count);
        }
    }
}
