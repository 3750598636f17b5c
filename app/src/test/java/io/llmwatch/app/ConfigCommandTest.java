package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code llmwatch config set|get|list} against a real broker. */
class ConfigCommandTest {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void setThenGetReturnsTheValueAndListShowsIt() throws Exception {
        Result set = run("config", "set", "task/support/summarize-ticket", "{\"margin\": 0.05, \"incumbent\": \"gpt-4.1\"}");
        assertThat(set.exit()).as(set.err()).isZero();

        Result get = run("config", "get", "task/support/summarize-ticket");
        assertThat(get.exit()).isZero();
        JsonNode value = Json.mapper().readTree(get.out());
        assertThat(value.get("margin").asDouble()).isEqualTo(0.05);
        assertThat(value.get("incumbent").asText()).isEqualTo("gpt-4.1");

        assertThat(run("config", "list").out()).contains("task/support/summarize-ticket = ");
    }

    @Test
    void deleteRemovesTheEntry() throws Exception {
        run("config", "set", "task/support/draft-reply", "{\"margin\": 0.03}");

        Result delete = run("config", "set", "task/support/draft-reply", "--delete");
        assertThat(delete.exit()).as(delete.err()).isZero();

        Result get = run("config", "get", "task/support/draft-reply");
        assertThat(get.exit()).isEqualTo(1);
        assertThat(get.out()).contains("is not set");
    }

    @Test
    void anInvalidValueIsRefusedNamingTheField() throws Exception {
        Result result = run("config", "set", "task/support/eda", "{\"margin\": 1.5}");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("$.margin must be between 0.0 and 1.0");
        assertThat(run("config", "get", "task/support/eda").exit()).isEqualTo(1);
    }

    @Test
    void aProviderEntryMayNameTheKeysVariableButNeverHoldTheKey() throws Exception {
        assertThat(run("config", "set", "provider/openai", "{\"base_url\": \"https://api.openai.com/v1\", \"api_key\": \"sk-secret\"}").exit())
                .isEqualTo(2);
        Result named = run("config", "set", "provider/openai", "{\"base_url\": \"https://api.openai.com/v1\", \"api_key_env\": \"OPENAI_API_KEY\"}");
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(run("config", "list").out()).doesNotContain("sk-secret");
    }

    @Test
    void anUnknownKeyKindIsRefused() {
        Result result = run("config", "set", "model/gpt-4.1", "{}");

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("task/<app>/<task>");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = Llmwatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withServers = new String[args.length + 2];
        System.arraycopy(args, 0, withServers, 0, args.length);
        withServers[args.length] = "--bootstrap-servers";
        withServers[args.length + 1] = kafka.bootstrapServers();
        int exit = cli.execute(withServers);
        return new Result(exit, out.toString(), err.toString());
    }
}
