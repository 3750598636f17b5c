package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A live control entry over the file's value: read once per value, ignored when unreadable. */
class LiveOverlayTest {

    private final Map<String, JsonNode> control = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final LiveOverlay<Integer> overlay = new LiveOverlay<>(control::get, (key, value) -> {
        reads.incrementAndGet();
        if (!value.isInt()) {
            throw new IllegalArgumentException("not a number");
        }
        return value.intValue() < 0 ? null : value.intValue();
    });

    @Test
    void theFileValueAppliesUntilALiveEntryAppearsAndAgainOnceItIsRemoved() throws Exception {
        assertThat(overlay.orElse("limit/a", 1)).isEqualTo(1);

        control.put("limit/a", Json.mapper().readTree("5"));
        assertThat(overlay.orElse("limit/a", 1)).isEqualTo(5);
        assertThat(overlay.entry("limit/a")).hasValueSatisfying(entry -> {
            assertThat(entry.key()).isEqualTo("limit/a");
            assertThat(entry.source().intValue()).isEqualTo(5);
        });

        control.put("limit/a", Json.mapper().nullNode());
        assertThat(overlay.orElse("limit/a", 1)).as("tombstone").isEqualTo(1);
        control.remove("limit/a");
        assertThat(overlay.live("limit/a")).isEmpty();
    }

    @Test
    void anEntryIsReadOncePerValue() throws Exception {
        control.put("limit/a", Json.mapper().readTree("5"));
        overlay.live("limit/a");
        overlay.live("limit/a");
        assertThat(reads).hasValue(1);

        control.put("limit/a", Json.mapper().readTree("6"));
        assertThat(overlay.live("limit/a")).contains(6);
        assertThat(reads).hasValue(2);
    }

    @Test
    void anUnreadableOrRejectedEntryLeavesTheFileValueAndIsNotReRead() throws Exception {
        control.put("limit/a", Json.mapper().readTree("\"five\""));
        control.put("limit/b", Json.mapper().readTree("-1"));

        assertThat(overlay.orElse("limit/a", 1)).isEqualTo(1);
        assertThat(overlay.orElse("limit/a", 1)).isEqualTo(1);
        assertThat(overlay.orElse("limit/b", 2)).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }
}
