package io.llmwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayRequestBuilderTest {

    @Test
    void to_builder_keeps_every_field_and_jackson_reads_what_it_built() throws Exception {
        ReplayRequest full = new ReplayRequest(ReplayRequest.SCHEMA, "c1", Instant.parse("2026-01-01T00:00:00Z"), "app",
                "task", "big", "openai", Json.mapper().readTree("{\"model\":\"big\"}"), "out", Usage.of(10, 2), 0.001,
                Json.mapper().readTree("\"ref\""), "exact", List.of("small"), Map.of("small", 0.0005), "camp",
                Instant.parse("2026-01-01T00:00:01Z"), "openai.responses", "other");

        assertThat(full.toBuilder().build()).isEqualTo(full);
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(full), ReplayRequest.class)).isEqualTo(full);
    }

    @Test
    void fields_left_out_stay_absent_and_the_schema_is_set() {
        ReplayRequest request = ReplayRequest.builder().callId("c1").build();

        assertThat(request.schema()).isEqualTo(ReplayRequest.SCHEMA);
        assertThat(request.servedBy()).isNull();
        assertThat(request.targets()).isEmpty();
    }
}
