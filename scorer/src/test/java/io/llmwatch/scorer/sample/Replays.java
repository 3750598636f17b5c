package io.llmwatch.scorer.sample;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixtures of the sampler tests: a catalog, replayable calls, task settings, results and sums of charges. */
final class Replays {

    static final String APP = CallFixture.APP;
    static final String TASK = CallFixture.TASK;
    static final String INCUMBENT = "gpt-4.1";
    static final String MINI = "gpt-4.1-mini";
    static final String NANO = "gpt-4.1-nano";
    /** Prices the tests own: per call of 1,000 input and 200 output tokens, gpt-4.1 $0.0036, mini $0.00072, nano $0.00018. */
    static final PriceCatalog CATALOG = PriceCatalog.of(LocalDate.parse("2026-01-01"), "test", List.of(
            ModelPrice.of(INCUMBENT, "openai", 2.00, 8.00),
            ModelPrice.of(MINI, "openai", 0.40, 1.60),
            ModelPrice.of(NANO, "openai", 0.10, 0.40)));
    static final double MINI_CALL = 0.00072;
    static final double NANO_CALL = 0.00018;
    static final double INCUMBENT_CALL = 0.0036;
    static final String REQUEST = "{\"model\":\"gpt-4.1\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the ticket.\"}]}";
    static final Instant CALL_TIME = Instant.parse("2026-03-02T11:00:00Z");

    private Replays() {
    }

    /**
     * A replayable call of the incumbent: a chat request allowing 200 output tokens, a three-word answer,
     * 1,000 + 200 tokens; a replay of it is projected at those 1,000 + 200 tokens.
     */
    static LlmCall call(String callId) {
        return fixture(callId).build();
    }

    static CallFixture fixture(String callId) {
        return fixture(callId, CALL_TIME);
    }

    static CallFixture fixture(String callId, Instant timestamp) {
        return CallFixture.call(callId, timestamp).withModel(INCUMBENT).withRequest(REQUEST);
    }

    /** Settings of the test task: incumbent gpt-4.1, candidates mini and nano, judged without a self-replay control. */
    static TaskSettingsBuilder task() {
        return new TaskSettingsBuilder();
    }

    /** Sums projected charges per model and UTC day of request, in nano-dollars. */
    static Map<String, Long> chargedNanos(List<ReplayRequest> requests) {
        Map<String, Long> sums = new HashMap<>();
        for (ReplayRequest request : requests) {
            String day = LocalDate.ofInstant(request.requestedAt(), ZoneOffset.UTC).toString();
            request.projectedCostUsd().forEach((model, usd) ->
                    sums.merge(model + "@" + day, Math.round(usd * 1e9), Long::sum));
        }
        return sums;
    }

    /** A successful replay of {@code model} for a request, at {@code actualUsd}. */
    static ReplayResult result(ReplayRequest request, String model, double actualUsd) {
        return new ReplayResult(ReplayResult.SCHEMA, request.callId(), request.callTimestamp(), request.app(),
                request.taskType(), request.incumbent(), model, request.provider(), request.isControl(model),
                request.campaignId(), "A short summary.", "stop", Usage.of(1_000, 200),
                new Cost(actualUsd, Cost.USD, null, null), 300.0, null, 1, null,
                request.projectedCostUsd().get(model), null, request.requestedAt());
    }

    /** A judged replay of {@code model} for a call of the incumbent, with paired delta {@code delta}. */
    static ReplayResult judged(String callId, String model, double delta) {
        return new ReplayResult(ReplayResult.SCHEMA, callId, CALL_TIME, APP, TASK, INCUMBENT, model, "openai", false, null,
                "A short summary.", "stop", Usage.of(1_000, 200), new Cost(MINI_CALL, Cost.USD, null, null), 300.0, null, 1,
                new Judgement("llm", delta, null, null, null, null, "test"), MINI_CALL, INCUMBENT_CALL, CALL_TIME);
    }

    /** Settings of the test task, changed field by field. */
    static final class TaskSettingsBuilder {
        private double sampleRate = 1.0;
        private double dailyBudgetUsd = 100.0;
        private String judge = "llm";
        private List<String> candidates = List.of(MINI, NANO);
        private String reevaluateEvery;
        private Integer reevaluateN;
        private Double margin;
        private Double maintenanceRate;

        TaskSettingsBuilder sampleRate(double rate) {
            sampleRate = rate;
            return this;
        }

        TaskSettingsBuilder budget(double usd) {
            dailyBudgetUsd = usd;
            return this;
        }

        TaskSettingsBuilder judge(String name) {
            judge = name;
            return this;
        }

        TaskSettingsBuilder candidates(String... models) {
            candidates = new ArrayList<>(Arrays.asList(models));
            return this;
        }

        TaskSettingsBuilder margin(double value) {
            margin = value;
            return this;
        }

        TaskSettingsBuilder maintenanceRate(double rate) {
            maintenanceRate = rate;
            return this;
        }

        TaskSettingsBuilder reevaluate(String every, int n) {
            reevaluateEvery = every;
            reevaluateN = n;
            return this;
        }

        TaskConfig build() {
            return TaskConfig.builder().app(APP).taskType(TASK).incumbent(INCUMBENT).candidates(candidates).margin(margin)
                    .sampleRate(sampleRate).dailyBudgetUsd(dailyBudgetUsd).judge(judge).reevaluateEvery(reevaluateEvery)
                    .reevaluateN(reevaluateN).maintenanceRate(maintenanceRate).build();
        }

        /** A scorer configuration with this task and the scorer tests' one-minute windows. */
        LlmwatchConfig config() {
            return ScorerDriver.MINUTE_WINDOWS.withTasks(List.of(build()));
        }
    }
}
