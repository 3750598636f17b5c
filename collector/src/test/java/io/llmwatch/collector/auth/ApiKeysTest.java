package io.llmwatch.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void acceptsEachConfiguredKeyAndNothingElse() {
        ApiKeys keys = ApiKeys.of(List.of("key-one", " key-two ", "key-one", ""));

        assertThat(keys.required()).isTrue();
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.accepts("key-one")).isTrue();
        assertThat(keys.accepts("key-two")).isTrue();
        assertThat(keys.accepts("key-on")).isFalse();
        assertThat(keys.accepts("key-one-")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void disabledAcceptsAnythingAndSaysSo() {
        assertThat(ApiKeys.disabled().required()).isFalse();
        assertThat(ApiKeys.disabled().accepts(null)).isTrue();
        assertThat(ApiKeys.disabled()).hasToString("ApiKeys[disabled]");
    }

    @Test
    void neverShowsTheKeys() {
        assertThat(ApiKeys.of(List.of("super-secret-key")).toString()).doesNotContain("super-secret-key")
                .isEqualTo("ApiKeys[1 key(s)]");
    }

    @Test
    void anEmptyListIsNotAnOpenDoor() {
        assertThatThrownBy(() -> ApiKeys.of(List.of(" ", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheEnvironmentVariablesCommaSeparatedList() {
        assertThat(ApiKeys.parseList(" a, b ,,c ")).containsExactly("a", "b", "c");
        assertThat(ApiKeys.parseList(null)).isEmpty();
    }

    @Test
    void generatedKeysAreLongRandomAndRecognisable() {
        String one = ApiKeys.generate();
        String two = ApiKeys.generate();

        assertThat(one).startsWith(ApiKeys.GENERATED_PREFIX).hasSize(ApiKeys.GENERATED_PREFIX.length() + 43).isNotEqualTo(two);
        assertThat(ApiKeys.of(List.of(one)).accepts(one)).isTrue();
    }
}
