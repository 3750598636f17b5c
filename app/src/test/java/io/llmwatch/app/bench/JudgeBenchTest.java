package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JudgeBenchTest {

    @Test
    void prints_pairs_per_second_of_each_judge_and_says_when_the_local_model_is_missing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JudgeBench(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2_000, 1_000, 5).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("exact \\(one thread\\) +1,000 pairs .* pairs/s");
        assertThat(out).containsPattern("json \\(one thread\\) +500 pairs .* pairs/s");
        // the app does not depend on the optional module
        assertThat(out).contains("llmwatch-embeddings-local is not on the class path");
    }
}
