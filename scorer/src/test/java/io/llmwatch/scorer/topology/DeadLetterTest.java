package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.scorer.ScorerDriver;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Bad input goes to the dead-letter topic and the topology keeps going. */
class DeadLetterTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void invalid_json_is_dead_lettered_and_the_next_call_is_scored() {
        // Given a record that is not JSON
        scorer.sendRaw("broken", "{\"call_id\": \"x\", ");

        // When a good call follows
        scorer.send(call("good", T));

        // Then the bad one is in the DLQ with its bytes and a reason, and the good one is scored
        List<KeyValue<String, DeadLetter>> letters = scorer.deadLetters();
        assertThat(letters).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("broken");
            assertThat(kv.value.reason()).startsWith("$ is not valid JSON");
            assertThat(kv.value.sourceTopic()).isEqualTo(Topics.CALLS.name());
            assertThat(kv.value.component()).isEqualTo(ScorerTopology.COMPONENT);
            assertThat(new String(Base64.getDecoder().decode(kv.value.valueBase64()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"call_id\": \"x\", ");
        });
        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("good");
    }

    @Test
    void a_negative_token_count_is_dead_lettered_naming_the_field() {
        scorer.sendRaw("neg", """
                {"call_id": "neg", "timestamp": "2026-03-02T10:00:00Z", "app": "shop", "task_type": "summarize",
                 "request_model": "gpt-4.1-mini", "usage": {"input_tokens": -1, "output_tokens": 10}}
                """);
        scorer.send(call("good", T));

        assertThat(scorer.deadLetters()).singleElement().satisfies(kv -> {
            assertThat(kv.value.reason()).contains("usage.input_tokens");
            assertThat(kv.value.errors()).extracting(error -> error.field()).containsExactly("usage.input_tokens");
        });
        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("good");
    }
}
