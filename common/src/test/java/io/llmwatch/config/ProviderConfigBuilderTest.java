package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.wire.ProviderApi;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderConfigBuilderTest {

    @Test
    void every_field_lands_where_the_record_has_it() {
        assertThat(ProviderConfig.builder().baseUrl("https://x/v1").apiKeyEnv("KEY").maxConcurrency(3).timeoutMs(900L)
                .models(List.of("m")).apis(List.of("responses")).idempotencyKeys(true).build())
                .isEqualTo(new ProviderConfig("https://x/v1", "KEY", 3, 900L, List.of("m"), List.of("responses"), true));
    }

    @Test
    void fields_left_out_take_the_records_defaults() {
        ProviderConfig config = ProviderConfig.builder().baseUrl("https://x/v1").build();

        assertThat(config.models()).isEmpty();
        assertThat(config.speaks(ProviderApi.CHAT_COMPLETIONS)).isTrue();
        assertThat(config.honoursIdempotencyKeys()).isFalse();
    }
}
