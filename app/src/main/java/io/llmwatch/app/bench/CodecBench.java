package io.llmwatch.app.bench;

import io.llmwatch.config.QualityWeights;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.quality.Composite;
import io.llmwatch.scorer.quality.Efficiency;
import io.llmwatch.scorer.quality.FormatScore;
import io.llmwatch.scorer.quality.TaskBudget;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The JSON codec section of {@code llmwatch bench} ({@code --codec}, and part of {@code --scorer-only}):
 * single-thread CPU per call at both ends of the scorer, each against plain Jackson on the same
 * records in the same run, so that a ratio, not an absolute figure, is judged on a noisy machine.
 *
 * <ul>
 *   <li>read: {@code LlmCall.reader(...)} through {@code EventReader} as the scorer reads its input
 *       (bind, schema, field checks, event-time window) against a bare
 *       {@code Json.mapper().readValue(bytes, LlmCall.class)}, the baseline topology's parse;</li>
 *   <li>write: a scored call through {@link Topics#SCORED}'s serde, as the scorer writes it, against
 *       a bare {@code Json.mapper().writeValueAsBytes(scoredCall)}.</li>
 * </ul>
 *
 * The calls are the benchmark's own ({@link BenchCalls}); the rounds alternate the four measures
 * after a warm-up, each timed by this thread's CPU time, and the median round is printed.
 */
final class CodecBench {

    private static final int CALLS = 2_000;
    private static final int WARMUP_ROUNDS = 15;
    private static final int ROUNDS = 15;
    /** Passes over the calls per measured round: 20k calls, tens of milliseconds per measure. */
    private static final int PASSES = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Median single-thread microseconds per call of each measure. */
    record Figures(double plainRead, double readerRead, double serdeWrite, double plainWrite) {
        double readRatio() {
            return readerRead / plainRead;
        }

        double writeRatio() {
            return serdeWrite / plainWrite;
        }
    }

    private final byte[][] json = new byte[CALLS][];
    private final ScoredCall[] scored = new ScoredCall[CALLS];
    private final EventReader<LlmCall> reader = LlmCall.reader(EventTimeWindow.DEFAULT);
    private final Serializer<ScoredCall> serde = Topics.SCORED.valueSerde().serializer();
    private final Instant now = Instant.now();
    /** Folds every result in, so the JIT cannot drop the work. */
    private long sink;

    CodecBench(long seed) {
        Duration span = ThroughputRounds.EVENT_TIME_SPAN;
        BenchCalls generator = new BenchCalls(seed, now.minus(span), span.toMillis());
        PriceCatalog prices = PriceCatalog.defaults();
        Map<String, TaskBudget> budgets = new HashMap<>();
        for (int i = 0; i < CALLS; i++) {
            LlmCall call = generator.call(i, CALLS);
            json[i] = write(call);
            // scored as ScoreProcessor scores it: priced from the catalog, efficiency against the task's
            // rolling budget, the RDAB composite; so its numbers are as hard to print as production's
            Cost cost = prices.cost(call);
            TaskBudget budget = budgets.getOrDefault(call.app() + "/" + call.taskType(), TaskBudget.EMPTY);
            Scores scores = Composite.combine(new Scores(null, FormatScore.of(call), Efficiency.of(call, cost, null, budget),
                    null, null, Map.of()), Map.of(), QualityWeights.RDAB);
            budgets.put(call.app() + "/" + call.taskType(), budget.add(call, cost));
            scored[i] = ScoredCall.of(call, cost, scores);
        }
    }

    static Figures run(PrintStream out, long seed) {
        Figures figures = new CodecBench(seed).measure();
        out.printf(Locale.ROOT, "%nJSON codec, single thread, median of %d alternating rounds of %,d calls (CPU us per call):%n",
                ROUNDS, CALLS * PASSES);
        out.printf(Locale.ROOT, "  read  (a) Json.mapper().readValue(bytes, LlmCall.class)   %6.2f%n", figures.plainRead());
        out.printf(Locale.ROOT, "        (b) LlmCall.reader(window).read(bytes, now)         %6.2f   (b)/(a) %.2f   (goal <= 1.3)%n",
                figures.readerRead(), figures.readRatio());
        out.printf(Locale.ROOT, "  write (d) Json.mapper().writeValueAsBytes(scoredCall)     %6.2f%n", figures.plainWrite());
        out.printf(Locale.ROOT, "        (c) Topics.SCORED serde                             %6.2f   (c)/(d) %.2f   (goal <= 1.3)%n",
                figures.serdeWrite(), figures.writeRatio());
        return figures;
    }

    Figures measure() {
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            round(i);
        }
        double[][] rounds = new double[4][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            double[] one = round(r);
            for (int m = 0; m < 4; m++) {
                rounds[m][r] = one[m];
            }
        }
        return new Figures(median(rounds[0]), median(rounds[1]), median(rounds[2]), median(rounds[3]));
    }

    /** One round: each measure once, starting with a different one each round. */
    private double[] round(int r) {
        double[] micros = new double[4];
        for (int k = 0; k < 4; k++) {
            int m = (r + k) % 4;
            // this thread's CPU time, not wall time: on a shared machine a round may lose the core
            long begin = THREADS.getCurrentThreadCpuTime();
            for (int p = 0; p < PASSES; p++) {
                pass(m);
            }
            micros[m] = (THREADS.getCurrentThreadCpuTime() - begin) / 1e3 / (CALLS * PASSES);
        }
        return micros;
    }

    private void pass(int measure) {
        switch (measure) {
            case 0 -> {
                for (byte[] bytes : json) {
                    sink += read(bytes).timestamp().getNano();
                }
            }
            case 1 -> {
                for (byte[] bytes : json) {
                    sink += reader.read(bytes, now).timestamp().getNano();
                }
            }
            case 2 -> {
                for (ScoredCall call : scored) {
                    sink += serde.serialize(Topics.SCORED.name(), call).length;
                }
            }
            default -> {
                for (ScoredCall call : scored) {
                    sink += write(call).length;
                }
            }
        }
    }

    private static LlmCall read(byte[] bytes) {
        try {
            return Json.mapper().readValue(bytes, LlmCall.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
