package io.llmwatch.scorer.stats;

import static io.llmwatch.scorer.CallFixture.call;
import static io.llmwatch.scorer.CallFixture.evaluation;

import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.Usage;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of calls and evaluations that exercises every statistic: two tasks of three models
 * (one unpriced) over six windows, a lagging source minutes behind the others, duplicates, failures, unknown
 * prices, missing usage and latency, extreme but valid numbers, invalid ones (NaN, infinite, negative:
 * rejected upstream, never counted), evaluations before and after their call that move quality up and
 * down (contribution deltas of −1/+1), more distinct dimension names than a window keeps, names over
 * the length limit, and wall-clock time passing between batches so that contributions combine over
 * several publication ticks.
 */
final class HostileStatsStream {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final List<String> APPS = List.of("shop");
    private static final List<String> TASKS = List.of("summarize", "classify");
    private static final List<String> MODELS = List.of("gpt-4.1", "gpt-4.1-mini", "unpriced-model");
    private static final List<String> NAMES = names();

    private HostileStatsStream() {
    }

    /** Sends {@code calls} calls (and their evaluations, duplicates and rejects) drawn from {@code seed}. */
    static void send(ScorerDriver scorer, long seed, int calls) {
        Random random = new Random(seed);
        List<CallFixture> sent = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            // six minutes of traffic; one in five calls comes from a source up to four minutes behind
            long offsetMs = (long) i * 360_000 / calls;
            if (random.nextInt(5) == 0) {
                offsetMs = Math.max(0, offsetMs - random.nextInt(240_000));
            }
            Instant at = START.plusMillis(offsetMs);
            String id = "call-" + seed + "-" + i;
            if (random.nextInt(12) == 0) {
                // an evaluation before its call
                scorer.evaluate(evaluation(id, at, pick(random, NAMES), random.nextDouble()));
            }
            CallFixture call = call(id, at).withModel(pick(random, MODELS)).withApp(pick(random, APPS), pick(random, TASKS));
            call = switch (random.nextInt(10)) {
                case 0 -> call.failed("timeout");
                case 1 -> call.withUsage(null);
                case 2 -> call.withLatency(0);
                case 3 -> call.withLatency(3_600_000.0);
                case 4 -> call.withCost(new Cost(random.nextDouble(), "USD", CostSource.PROVIDER, null));
                case 5 -> call.withReference("{\"expected_output\":\"A short summary.\"}");
                case 6 -> call.withUsage(Usage.of(random.nextInt(1_000_000), random.nextInt(100_000)));
                default -> call.withLatency(1 + random.nextDouble() * 20_000);
            };
            if (random.nextInt(8) == 0) {
                call = call.withoutLatency();
            }
            scorer.send(call);
            sent.add(call);
            if (random.nextInt(15) == 0) {
                scorer.send(sent.get(random.nextInt(sent.size()))); // a duplicate
            }
            if (random.nextInt(25) == 0) {
                rejected(scorer, random, "rejected-" + seed + "-" + i, at);
            }
            for (int e = random.nextInt(3); e > 0; e--) {
                // an evaluation of this or an earlier call, its time up to 30 s after the call
                CallFixture target = sent.get(Math.max(0, sent.size() - 1 - random.nextInt(20)));
                scorer.evaluate(evaluation(target.callId(), target.timestamp().plusMillis(random.nextInt(30_000)),
                        pick(random, NAMES), random.nextInt(4) == 0 ? 0.0 : random.nextDouble()));
            }
            if (random.nextInt(10) == 0) {
                scorer.advanceWallClock(Duration.ofMillis(random.nextInt(1_500)));
            }
        }
    }

    /** A call with a value the validation refuses: it goes to the dead-letter topic and counts nowhere. */
    private static void rejected(ScorerDriver scorer, Random random, String id, Instant at) {
        String[][] bad = {{"\"NaN\"", "0.01"}, {"-5", "0.01"}, {"1e999", "0.01"}, {"300", "\"Infinity\""},
                {"300", "-1"}, {"300", "\"NaN\""}};
        String[] values = bad[random.nextInt(bad.length)];
        scorer.sendRaw(id, """
                {"call_id": "%s", "timestamp": "%s", "app": "shop", "task_type": "summarize", "request_model": "gpt-4.1",
                 "usage": {"input_tokens": 10, "output_tokens": 10}, "latency_ms": %s, "cost": {"amount": %s}}"""
                .formatted(id, at, values[0], values[1]));
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of("quality", "correctness", "format", "rubric", "efficiency", "tone"));
        for (int i = 0; i < 20; i++) {
            names.add("dimension-" + i);
        }
        names.add("x".repeat(StatsContribution.MAX_NAME_LENGTH + 1));
        return names;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
