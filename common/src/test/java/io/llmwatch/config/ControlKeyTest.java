package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.event.TaskKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ControlKeyTest {

    @Test
    void parsesEveryKind() {
        assertThat(ControlKey.parse("task/support/summarize-ticket"))
                .isEqualTo(new ControlKey(ControlKey.Kind.TASK, "support/summarize-ticket"));
        assertThat(ControlKey.parse("provider/groq")).isEqualTo(new ControlKey(ControlKey.Kind.PROVIDER, "groq"));
        assertThat(ControlKey.parse("price/gpt-4.1")).isEqualTo(new ControlKey(ControlKey.Kind.PRICE, "gpt-4.1"));
        assertThat(ControlKey.parse("price/meta-llama/Llama-3.3-70B"))
                .isEqualTo(new ControlKey(ControlKey.Kind.PRICE, "meta-llama/Llama-3.3-70B"));
        assertThat(ControlKey.parse("campaign/2026-11-01-nightly"))
                .isEqualTo(new ControlKey(ControlKey.Kind.CAMPAIGN, "2026-11-01-nightly"));
    }

    @Test
    void writesWhatItParses() {
        assertThat(ControlKey.task(new TaskKey("support", "summarize-ticket")).toString()).isEqualTo("task/support/summarize-ticket");
        assertThat(ControlKey.provider("openai").toString()).isEqualTo("provider/openai");
        assertThat(ControlKey.price("gpt-4.1")).isEqualTo(ControlKey.parse(ControlKey.price("gpt-4.1").toString()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "task", "task/", "/support/summarize", "model/gpt-4.1", "TASK/a/b", "price/"})
    void rejectsKeysThatAreNotControlKeys(String key) {
        assertThatThrownBy(() -> ControlKey.parse(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a control key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"task/support", "task/support/", "task//summarize"})
    void rejectsTaskKeysWithoutAppAndTask(String key) {
        assertThatThrownBy(() -> ControlKey.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }
}
