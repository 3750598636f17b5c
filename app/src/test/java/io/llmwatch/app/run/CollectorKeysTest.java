package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.config.LlmwatchConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CollectorKeysTest {

    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed);

    @Test
    void keysFromTheConfigFileAndTheEnvironmentAddUp() {
        LlmwatchConfig config = config("collector: {api_keys: [from-file]}");

        ApiKeys keys = CollectorKeys.resolve(config, Map.of(ApiKeys.ENV_VARIABLE, "from-env-1, from-env-2")::get, false, out);

        assertThat(keys.required()).isTrue();
        assertThat(keys.accepts("from-file")).isTrue();
        assertThat(keys.accepts("from-env-1")).isTrue();
        assertThat(keys.accepts("from-env-2")).isTrue();
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void withNoKeyOneIsGeneratedPrintedOnceAndRequired() {
        ApiKeys keys = CollectorKeys.resolve(LlmwatchConfig.empty(), name -> null, false, out);

        Matcher generated = Pattern.compile(Pattern.quote(ApiKeys.GENERATED_PREFIX) + "[A-Za-z0-9_-]{43}").matcher(printed.toString());
        assertThat(generated.find()).as(printed.toString()).isTrue();
        String key = generated.group();
        assertThat(generated.find()).as("printed once").isFalse();
        assertThat(keys.required()).isTrue();
        assertThat(keys.accepts(key)).isTrue();
        assertThat(keys.accepts("anything-else")).isFalse();
        assertThat(printed.toString()).contains("X-LLMWatch-Key");
    }

    @Test
    void noAuthSwitchesKeysOffWithAWarning() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(CollectorKeys.class);
        logger.addAppender(logs);
        try {
            ApiKeys keys = CollectorKeys.resolve(config("collector: {api_keys: [ignored]}"), name -> null, true, out);

            assertThat(keys.required()).isFalse();
            assertThat(printed.toString()).isEmpty();
            assertThat(logs.list).anySatisfy(event -> {
                assertThat(event.getLevel().toString()).isEqualTo("WARN");
                assertThat(event.getFormattedMessage()).contains("--no-auth");
            });
        } finally {
            logger.detachAppender(logs);
        }
    }

    private static LlmwatchConfig config(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
