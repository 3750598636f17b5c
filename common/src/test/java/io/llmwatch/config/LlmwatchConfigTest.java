package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmwatch.event.TaskKey;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmwatchConfigTest {

    private static final String YAML = """
            pipeline:
              window: 1m
              grace: 500ms
              hysteresis_windows: 3
            defaults:
              margin: 0.03
              sample_rate: 0.10
            tasks:
              - app: support
                task_type: summarize-ticket
                incumbent: gpt-4.1
                candidates: [gpt-4.1-mini, gpt-4.1-nano]
                daily_budget_usd: 2.5
                weights:
                  correctness: 0.7
              - app: analytics
                task_type: eda
                incumbent: claude-sonnet-4-6
            providers:
              openai:
                base_url: https://api.openai.com/v1
                api_key_env: OPENAI_API_KEY
              groq:
                base_url: https://api.groq.com/openai/v1
                api_key_env: GROQ_API_KEY
                max_concurrency: 4
            prices:
              catalog: /etc/llmwatch/prices.json
              max_age_days: 90
            """;

    @TempDir
    Path dir;

    @Test
    void theExampleConfigurationShippedWithDockerIsValid() {
        // Tests run in the module's folder; the example lives at the repository's root.
        LlmwatchConfig config = LlmwatchConfig.load(Path.of("..", "docker", "llmwatch.yaml"));

        assertThat(config.task(new TaskKey("support", "summarize-ticket")).orElseThrow().judge()).isEqualTo("embedding");
        assertThat(config.providers().get("openai").serves("gpt-4.1-mini")).isTrue();
        assertThat(config.judges()).containsKeys("llm", "embedding");
        // compose starts with no variable set: the webhook, whose url_env compose cannot set, is a comment
        assertThat(config.webhooks()).isEmpty();
        assertThat(config.providersAllow()).isEqualTo(new ProvidersAllow(List.of("api.openai.com"), List.of("OPENAI_API_KEY")));
        assertThat(config.replay()).isEqualTo(new ReplayConfig(4096, 1));
    }

    @Test
    void withoutProvidersAllowTheFilesProvidersAreTheAllowListAndOwnSecretsAreRefused() {
        LlmwatchConfig config = LlmwatchConfig.empty().withProviders(Map.of(
                "openai", ProviderConfig.builder().baseUrl("https://api.openai.com/v1").apiKeyEnv("OPENAI_API_KEY")
                        .build()));
        ProvidersAllow allow = config.providersAllow();

        assertThat(allow.check("p", ProviderConfig.builder().baseUrl("https://api.openai.com/v2")
                .apiKeyEnv("OPENAI_API_KEY").build()))
                .isEmpty();
        assertThat(allow.check("p", ProviderConfig.builder().baseUrl("https://evil.example/v1")
                .apiKeyEnv("OPENAI_API_KEY").build()))
                .extracting(FieldError::field).containsExactly("p.base_url");
        assertThat(allow.check("p", ProviderConfig.builder().baseUrl("http://api.openai.com/v1").build()))
                .as("another port (80, not 443)").extracting(FieldError::field).containsExactly("p.base_url");
        assertThat(allow.check("p", ProviderConfig.builder().baseUrl("https://api.openai.com/v1")
                .apiKeyEnv("LLMWATCH_API_KEYS").build()))
                .extracting(FieldError::field).containsExactly("p.api_key_env");
        assertThat(new ProvidersAllow(null, List.of("LLMWATCH_API_KEYS")).validate("providers_allow"))
                .extracting(FieldError::field).containsExactly("providers_allow.key_envs");
    }

    @Test
    void readsAFullConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("llmwatch.yaml"), YAML);

        LlmwatchConfig config = LlmwatchConfig.load(file);

        assertThat(config.pipeline().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.pipeline().grace()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.pipeline().hysteresisWindows()).isEqualTo(3);
        assertThat(config.pipeline().horizonWindows()).isEqualTo(PipelineConfig.DEFAULT.horizonWindows());
        assertThat(config.pipeline().dedupRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.defaults().margin()).isEqualTo(0.03);
        assertThat(config.defaults().maxErrorRate()).isEqualTo(TaskConfig.BUILT_IN.maxErrorRate());
        assertThat(config.tasks()).hasSize(2);
        TaskConfig summarize = config.task(new TaskKey("support", "summarize-ticket")).orElseThrow();
        assertThat(summarize.incumbent()).isEqualTo("gpt-4.1");
        assertThat(summarize.candidates()).containsExactly("gpt-4.1-mini", "gpt-4.1-nano");
        assertThat(summarize.dailyBudgetUsd()).isEqualTo(2.5);
        assertThat(summarize.weights().weight("correctness")).isEqualTo(0.7);
        assertThat(config.task(new TaskKey("support", "unknown"))).isEmpty();
        assertThat(config.providers()).containsOnlyKeys("openai", "groq");
        assertThat(config.providers().get("groq").apiKeyEnv()).isEqualTo("GROQ_API_KEY");
        assertThat(config.providers().get("groq").maxConcurrency()).isEqualTo(4);
        assertThat(config.prices()).isEqualTo(new PricesConfig("/etc/llmwatch/prices.json", 90));
    }

    @Test
    void nothingConfiguredMeansBuiltInDefaults() {
        LlmwatchConfig config = read("tasks: []\n");

        assertThat(config.pipeline()).isEqualTo(PipelineConfig.DEFAULT);
        assertThat(config.defaults()).isEqualTo(TaskConfig.BUILT_IN);
        assertThat(config.prices().maxAgeDays()).isEqualTo(180);
        assertThat(LlmwatchConfig.empty().tasks()).isEmpty();
    }

    @Test
    void aPricesSectionWithoutMaxAgeKeepsTheDefaultAge() {
        LlmwatchConfig config = read("prices:\n  catalog: prices.json\n");

        assertThat(config.prices()).isEqualTo(new PricesConfig("prices.json", 180));
    }

    @Test
    void anEmptyFileMeansBuiltInDefaults() {
        assertThat(read("")).isEqualTo(LlmwatchConfig.empty());
        assertThat(read("# everything commented out\n# tasks: []\n")).isEqualTo(LlmwatchConfig.empty());
    }

    @Test
    void alphaDefaultsToFivePercentAndMustLeaveRoomForItsOneSidedSequence() {
        assertThat(read("tasks: []\n").defaults().alphaOrDefault()).isEqualTo(0.05);
        assertThat(read("defaults:\n  alpha: 0.01\n").defaults().alphaOrDefault()).isEqualTo(0.01);

        assertThat(errorsOf("defaults:\n  alpha: 0.5\n")).extracting(FieldError::field).containsExactly("defaults.alpha");
        assertThat(errorsOf("defaults:\n  alpha: 0\n")).extracting(FieldError::field).containsExactly("defaults.alpha");
    }

    @Test
    void aBadDurationIsNamed() {
        List<FieldError> errors = errorsOf("pipeline:\n  window: soon\n");

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("pipeline.window");
            assertThat(error.message()).contains("soon");
        });
    }

    @Test
    void badValuesAreNamedWithTheirPath() {
        List<FieldError> errors = errorsOf("""
                defaults:
                  sample_rate: 1.5
                tasks:
                  - app: support
                    task_type: summarize-ticket
                  - app: support
                    margin: -0.1
                    weights:
                      rubric: -1
                providers:
                  local:
                    api_key_env: NONE
                pipeline:
                  hysteresis_windows: 0
                """);

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "defaults.sample_rate", "tasks[1].task_type", "tasks[1].margin", "tasks[1].weights.rubric",
                "providers.local.base_url", "pipeline.hysteresis_windows");
    }

    @Test
    void aWrongTypeIsNamedWithItsPath() {
        assertThat(errorsOf("tasks:\n  - app: a\n    task_type: t\n    sample_rate: often\n"))
                .extracting(FieldError::field).containsExactly("tasks[0].sample_rate");
    }

    @Test
    void invalidYamlIsAnErrorOfTheWholeFile() {
        assertThat(errorsOf("tasks: [unclosed\n")).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("$");
            assertThat(error.message()).contains("test.yaml").contains("not valid YAML");
        });
    }

    private static LlmwatchConfig read(String yaml) {
        return LlmwatchConfig.read(stream(yaml), "test.yaml");
    }

    private static List<FieldError> errorsOf(String yaml) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> read(yaml));
        assertThat(e).as("expected rejection of:%n%s", yaml).isNotNull();
        return e.errors();
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
