package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.app.kafka.ConfigFiles;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker compose up} in docker/ must start with no variable set. No Docker engine runs the
 * tests, so this checks the file instead: it parses, every image is pinned, every mounted file
 * exists, every variable has a default, the llmwatch services wait for healthy dependencies, and
 * the llmwatch.yaml it mounts starts every component without any variable.
 */
class ComposeFileTest {

    // Tests run in the module's folder; docker/ lives at the repository's root.
    private static final Path DOCKER = Path.of("..", "docker");
    private static final List<String> LLMWATCH = List.of("collector", "scorer", "drift-detector", "query");

    @TempDir
    Path stateDir;

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyComponentIsAServiceBesideKafkaPrometheusAndGrafana() throws Exception {
        assertThat(services()).containsKeys("kafka", "collector", "scorer", "drift-detector", "query", "prometheus", "grafana");
        // scaling needs a service without a fixed host port
        assertThat(services().get("scorer")).doesNotContainKey("ports");
        assertThat((List<?>) services().get("kafka").get("ports")).anySatisfy(p -> assertThat(p.toString()).endsWith(":9092"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLlmwatchCommandParses() throws Exception {
        for (String name : LLMWATCH) {
            List<String> command = (List<String>) services().get(name).get("command");
            assertThatCode(() -> Llmwatch.commandLine().parseArgs(command.toArray(String[]::new)))
                    .as("%s: %s", name, command).doesNotThrowAnyException();
        }
    }

    @Test
    void everyImageIsPinnedToARelease() throws Exception {
        List<String> images = new ArrayList<>();
        services().values().forEach(service -> images.add((String) service.get("image")));
        Files.readAllLines(DOCKER.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("FROM "))
                .forEach(line -> images.add(line.split("\\s+")[1]));

        assertThat(images).hasSizeGreaterThan(7).allSatisfy(image -> assertThat(image)
                .as("image %s", image).matches("[\\w./-]+:v?\\d[\\w.-]*").doesNotContain(":latest"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedFileExists() throws Exception {
        List<String> mounted = new ArrayList<>();
        for (Map<String, Object> service : services().values()) {
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    mounted.add(source);
                }
            }
        }

        assertThat(mounted).isNotEmpty().allSatisfy(source -> assertThat(DOCKER.resolve(source)).exists());
    }

    @Test
    void everyVariableHasADefault() throws Exception {
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}").matcher(uncommented(DOCKER.resolve("compose.yaml")));
        List<String> variables = new ArrayList<>();
        while (m.find()) {
            variables.add(m.group(1));
        }

        assertThat(variables).isNotEmpty().allSatisfy(v -> assertThat(v).as("${%s}", v).containsPattern(":?-"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void llmwatchServicesWaitForAHealthyKafkaAndHaveHealthchecks() throws Exception {
        for (String name : LLMWATCH) {
            Map<String, Object> service = services().get(name);
            assertThat(service).as(name).containsKey("healthcheck");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            assertThat(dependsOn.get("kafka")).as(name).containsEntry("condition", "service_healthy");
        }
        assertThat(services().get("kafka")).containsKey("healthcheck");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkasLogLivesOnItsVolumeSoDataSurvivesTheContainer() throws Exception {
        // Before: no KAFKA_LOG_DIRS, so the image's default (/tmp/kraft-combined-logs, inside the
        // container) held every topic and the kafka-data volume stayed empty.
        Map<String, Object> kafka = services().get("kafka");
        String logDirs = String.valueOf(((Map<String, Object>) kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        List<String> volumeTargets = ((List<Object>) kafka.get("volumes")).stream()
                .map(v -> v.toString().split(":")[1]).toList();

        assertThat(volumeTargets).as("kafka's volumes").contains(logDirs);
    }

    @Test
    void theImageIsBuiltFromTheSourcesNotFromWhatTheHostBuilt() throws Exception {
        // The build context is the repository: without this, target/ (stale classes of deleted
        // sources, a host-built jar) and .git were sent to the builder and copied into it.
        assertThat(Files.readAllLines(DOCKER.resolve("../.dockerignore"))).contains("**/target", ".git");
    }

    @Test
    void theDashboardShowsWhatTheIssueAsksFor() throws Exception {
        JsonNode dashboard = Json.mapper().readTree(DOCKER.resolve("grafana/dashboards/llmwatch.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> exprs.add(panel.get("targets").get(0).get("expr").asText()));

        assertThat(String.join("\n", exprs)).contains("llmwatch_calls_total", "llmwatch_cost_usd_total",
                "llmwatch_quality_sum", "llmwatch_replay_spend_usd_total", "llmwatch_comparisons_total",
                "llmwatch_alerts_total", "kafka_consumer_fetch_manager_records_lag_max", "kafka_stream_thread_process_rate");
    }

    @Test
    void theMountedConfigurationStartsEveryComponentWithNoVariableSet() throws Exception {
        // Before: its webhook named ONCALL_WEBHOOK_URL, which compose never set, and the drift detector exited.
        LlmwatchConfig config = ConfigFiles.load(DOCKER.resolve("llmwatch.yaml"));
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.allOf(Component.class),
                null, 0, 0, 0, stateDir, config, PriceCatalog.from(config.prices()), 1))) {
            assertThat(runtime.awaitRunning(Duration.ofSeconds(90))).isTrue();
        }
    }

    private static String uncommented(Path file) throws Exception {
        return String.join("\n", Files.readAllLines(file).stream().map(line -> line.replaceAll("^\\s*#.*", "")).toList());
    }
}
