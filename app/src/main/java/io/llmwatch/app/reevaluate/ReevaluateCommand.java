package io.llmwatch.app.reevaluate;

import picocli.CommandLine.Mixin;
import io.llmwatch.app.kafka.KafkaOptions;
import io.llmwatch.app.kafka.ControlPublisher;
import io.llmwatch.config.Campaign;
import io.llmwatch.config.ControlKey;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmwatch reevaluate}: asks the running scorer to replay a task's most recent stored calls
 * against candidate models now, by writing a campaign to {@code llmwatch.control} under
 * {@code campaign/<id>}. The id is printed; the replays carry it as their {@code campaign_id}.
 */
@Command(name = "reevaluate", mixinStandardHelpOptions = true,
        description = {"Starts a re-evaluation campaign: the scorer replays the N most recent stored calls of a task "
                + "against candidate models now, outside the sample rate and within the task's daily budget.",
                "Prints the campaign id.",
                "Example: llmwatch reevaluate --app support --task summarize-ticket --candidates gpt-4.1-mini,gpt-4.1-nano --n 200"})
public final class ReevaluateCommand implements Callable<Integer> {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Option(names = "--app", required = true, description = "the app the task belongs to")
    String app;

    @Option(names = "--task", required = true, description = "the task type")
    String task;

    @Option(names = "--candidates", split = ",", paramLabel = "MODEL",
            description = "models to replay, comma-separated (default: the task's configured candidates)")
    List<String> candidates;

    @Option(names = "--n", defaultValue = "200", description = "how many of the most recent stored calls to replay (default: ${DEFAULT-VALUE})")
    int n;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        Campaign campaign = new Campaign(app, task, candidates, n, now);
        List<FieldError> errors = campaign.validate();
        if (!errors.isEmpty()) {
            errors.forEach(error -> spec.commandLine().getErr().println("invalid: " + error));
            return 2;
        }
        String id = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        ControlPublisher.publish(kafka.settings(), new ControlKey(ControlKey.Kind.CAMPAIGN, id).toString(),
                Json.mapper().writeValueAsBytes(campaign));
        spec.commandLine().getOut().println(id);
        return 0;
    }
}
