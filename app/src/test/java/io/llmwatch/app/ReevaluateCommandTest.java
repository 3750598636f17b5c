package io.llmwatch.app;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.kafka.TopicSnapshot;
import io.llmwatch.config.Campaign;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code llmwatch reevaluate} against a real broker: a campaign record on llmwatch.control. */
class ReevaluateCommandTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

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
    void a_campaign_is_written_under_the_printed_id() throws Exception {
        Instant before = Instant.now();

        Result result = run("reevaluate", "--app", "support", "--task", "summarize-ticket",
                "--candidates", "gpt-4.1-mini,gpt-4.1-nano", "--n", "50");

        assertThat(result.exit()).as(result.err()).isZero();
        String id = result.out().strip();
        byte[] value = TopicSnapshot.read(KafkaClientSettings.of(kafka.bootstrapServers()), Topics.CONTROL, READ_TIMEOUT).get("campaign/" + id);
        assertThat(value).as("campaign/%s on %s", id, Topics.CONTROL).isNotNull();
        Campaign campaign = Json.mapper().readValue(value, Campaign.class);
        assertThat(campaign.app()).isEqualTo("support");
        assertThat(campaign.taskType()).isEqualTo("summarize-ticket");
        assertThat(campaign.candidates()).containsExactly("gpt-4.1-mini", "gpt-4.1-nano");
        assertThat(campaign.n()).isEqualTo(50);
        assertThat(campaign.requestedAt()).isBetween(before, Instant.now());
    }

    @Test
    void without_candidates_or_n_the_task_s_candidates_and_200_calls_are_asked_for_under_a_new_id_each_time() throws Exception {
        String first = run("reevaluate", "--app", "support", "--task", "draft-reply").out().strip();
        String second = run("reevaluate", "--app", "support", "--task", "draft-reply").out().strip();

        assertThat(first).isNotEqualTo(second);
        Map<String, byte[]> control = TopicSnapshot.read(KafkaClientSettings.of(kafka.bootstrapServers()), Topics.CONTROL, READ_TIMEOUT);
        Campaign campaign = Json.mapper().readValue(control.get("campaign/" + first), Campaign.class);
        assertThat(campaign.candidates()).isNull();
        assertThat(campaign.n()).isEqualTo(200);
        assertThat(control).containsKey("campaign/" + second);
    }

    @Test
    void a_campaign_of_no_calls_is_refused_naming_the_field() throws Exception {
        Result result = run("reevaluate", "--app", "support", "--task", "classify", "--n", "0");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("n must be >= 1");
        assertThat(TopicSnapshot.read(KafkaClientSettings.of(kafka.bootstrapServers()), Topics.CONTROL, READ_TIMEOUT).values())
                .noneMatch(value -> new String(value).contains("\"classify\""));
    }

    @Test
    void a_campaign_written_with_config_set_is_checked_the_same_way() {
        Result result = run("config", "set", "campaign/by-hand", "{\"app\": \"support\", \"n\": 10}");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("task_type is required");
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
        return new Result(cli.execute(withServers), out.toString(), err.toString());
    }
}
