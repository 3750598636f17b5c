package io.llmwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders of the long records round-trip every field. */
class BuildersTest {

    @Test
    void aCallRebuiltFromItsBuilderIsEqualAndAbsentFieldsTakeTheRecordsDefaults() {
        LlmCall call = new LlmCall("llmwatch.call.v1", "c-1", Instant.parse("2026-11-01T00:00:00Z"), "app", "task", "staging",
                "trace", "session", "openai", "chat", "gpt-4.1", "gpt-4.1-2025-04-14",
                JsonNodeFactory.instance.objectNode().put("model", "gpt-4.1"), "out", "stop", Usage.of(10, 5), 12.0, 3.0,
                Cost.local(0.01, "gpt-4.1"), new CallError("timeout", "slow"), Map.of("k", "v"),
                JsonNodeFactory.instance.textNode("ref"));

        assertThat(call.toBuilder().build()).isEqualTo(call);
        LlmCall bare = LlmCall.builder().callId("c-2").requestModel("m").build();
        assertThat(bare.schema()).isEqualTo(LlmCall.SCHEMA);
        assertThat(bare.environment()).isEqualTo("prod");
        assertThat(bare.operation()).isEqualTo("chat");
        assertThat(bare.attributes()).isEmpty();
    }

    @Test
    void aComparisonRebuiltFromItsBuilderIsEqual() {
        Comparison comparison = new Comparison(null, "app", "task", "big", "small", "exact", 0.02, 40, -0.01, 0.1,
                new Interval(-0.03, 0.01, 0.95), new Interval(-0.05, 0.03, 0.95), Verdict.INCONCLUSIVE, 300L, 0.4, 42, 2, 800.0,
                0.001, 0.01, 0.05, Instant.parse("2026-11-01T00:00:00Z"), "summary", null, 1, "alarm");

        assertThat(comparison.toBuilder().build()).isEqualTo(comparison);
        assertThat(comparison.withSummary("other").summary()).isEqualTo("other");
        assertThat(Comparison.builder().candidate("small").build().schema()).isEqualTo(Comparison.SCHEMA);
    }
}
