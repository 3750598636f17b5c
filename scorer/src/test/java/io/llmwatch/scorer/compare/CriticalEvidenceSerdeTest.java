package io.llmwatch.scorer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The critical-dimension evidence survives its store: the same summaries after a round trip, truncation refused. */
class CriticalEvidenceSerdeTest {

    @Test
    void roundTripKeepsEveryDimensionsEvidence() {
        TaskConfig task = TaskConfig.builder().app("a").taskType("t").incumbent("big").margin(0.02)
                .critical(CriticalDimensions.named("format", "stat_validity")).build();
        CriticalEvidence evidence = CriticalEvidence.against("big");
        for (int i = 0; i < 300; i++) {
            evidence.add(new ReplayResult(null, "c" + i, Instant.EPOCH, "a", "t", "big", "small", null, false, null, null,
                    null, null, null, null, null, 1, new Judgement("llm", 0.0, null, null, null, null, null,
                            Map.of("format", i % 3 == 0 ? -0.25 : 0.0, "stat_validity", 0.25)), null, null, Instant.EPOCH),
                    task);
        }
        CriticalEvidenceSerde serde = new CriticalEvidenceSerde();

        byte[] bytes = serde.serializer().serialize("t", evidence);
        CriticalEvidence read = serde.deserializer().deserialize("t", bytes);

        assertThat(read.incumbent).isEqualTo("big");
        assertThat(read.summarize(task)).isEqualTo(evidence.summarize(task));
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }
}
