package io.llmwatch.app.bench;

import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.judge.EmbeddingJudge;
import io.llmwatch.scorer.judge.ExactJudge;
import io.llmwatch.scorer.judge.Judge;
import io.llmwatch.scorer.judge.JudgeInput;
import io.llmwatch.scorer.judge.JsonJudge;
import io.llmwatch.scorer.judge.LocalEmbeddings;
import io.llmwatch.scorer.provider.EmbeddingClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of the judges, in judged pairs per second. A pair is one candidate output and the
 * incumbent's self-replay, both compared with production's output: the work behind one paired delta.
 * {@code exact} and {@code json} run on the calling thread; {@code embedding} runs the in-process
 * all-MiniLM-L6-v2 model of the optional {@code llmwatch-embeddings-local} module, when it is on the
 * class path, on the model's own threads with every pair submitted at once (three distinct texts
 * per pair, one batched call each).
 */
public final class JudgeBench {

    private static final List<String> LABELS = List.of("billing", "refund", "technical issue", "account access",
            "cancellation", "shipping delay", "feature request", "complaint");
    private static final List<String> SUBJECTS = List.of("The customer", "An enterprise account", "The finance team",
            "A new user", "The reseller");
    private static final List<String> PROBLEMS = List.of("was charged twice for the March invoice",
            "cannot export invoices as PDF since Tuesday", "reports totals shown without VAT",
            "lost access after the password reset", "asks why the refund has not arrived after ten days");
    private static final List<String> ASKS = List.of("and asks for a refund of the duplicate payment",
            "and wants the issue fixed before the quarter closes", "and escalated twice without an answer",
            "and requests a call back from a manager", "and threatens to cancel the subscription");

    private final PrintStream console;
    private final int exactPairs;
    private final int jsonPairs;
    private final int embeddingPairs;
    private final Random random = new Random(11);

    /** Pair counts sized for a few seconds per judge on 2 cores. */
    public JudgeBench(PrintStream console) {
        this(console, 300_000, 60_000, 200);
    }

    JudgeBench(PrintStream console, int exactPairs, int jsonPairs, int embeddingPairs) {
        this.console = console;
        this.exactPairs = exactPairs;
        this.jsonPairs = jsonPairs;
        this.embeddingPairs = embeddingPairs;
    }

    /** Runs every judge benchmark and prints one line each. */
    public static void run(PrintStream console) {
        new JudgeBench(console).run();
    }

    void run() {
        console.printf("%njudge throughput (a pair = candidate and self-replay, each compared with production)%n");
        sync("exact", new ExactJudge(), exactPairs(exactPairs));
        sync("json", new JsonJudge(), jsonPairs(jsonPairs));
        embedding();
    }

    private void sync(String name, Judge judge, List<JudgeInput> pairs) {
        // the first half warms the JIT up; the second is measured
        int half = pairs.size() / 2;
        double checksum = 0;
        for (JudgeInput pair : pairs.subList(0, half)) {
            checksum += judge.judge(pair).join().candidateScore();
        }
        long begin = System.nanoTime();
        for (JudgeInput pair : pairs.subList(half, pairs.size())) {
            checksum += judge.judge(pair).join().candidateScore();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        print(name + " (one thread)", pairs.size() - half, seconds,
                String.format(Locale.ROOT, "mean agreement %.2f", checksum / pairs.size()));
    }

    private void embedding() {
        Optional<LocalEmbeddings> local = LocalEmbeddings.find();
        if (local.isEmpty()) {
            console.printf("%-40s llmwatch-embeddings-local is not on the class path%n", "embedding (in-process)");
            return;
        }
        EmbeddingClient client = local.get().open();
        try {
            EmbeddingJudge judge = new EmbeddingJudge(() -> client, PriceCatalog.defaults());
            List<JudgeInput> pairs = textPairs(embeddingPairs + 10);
            long loadBegin = System.nanoTime();
            judge.judge(pairs.get(0)).join();
            double load = (System.nanoTime() - loadBegin) / 1e9;
            for (JudgeInput pair : pairs.subList(1, 10)) {
                judge.judge(pair).join();
            }
            long begin = System.nanoTime();
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (JudgeInput pair : pairs.subList(10, pairs.size())) {
                pending.add(judge.judge(pair));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - begin) / 1e9;
            print("embedding (" + local.get().model() + ", in-process)", embeddingPairs, seconds,
                    String.format(Locale.ROOT, "%.0f texts/s; model load + first pair %.1f s", 3 * embeddingPairs / seconds, load));
        } finally {
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    console.println("closing the embedding model failed: " + e);
                }
            }
        }
    }

    private void print(String name, int pairs, double seconds, String note) {
        console.printf(Locale.ROOT, "%-40s %,10d pairs %8.2f s %,12.0f pairs/s   %s%n", name, pairs, seconds, pairs / seconds, note);
    }

    /** Short labels, written as models write them: case, punctuation and quotes vary. */
    private List<JudgeInput> exactPairs(int n) {
        List<JudgeInput> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String label = pick(LABELS);
            pairs.add(new JudgeInput(null, styled(label), styled(random.nextInt(10) == 0 ? pick(LABELS) : label),
                    styled(random.nextInt(4) == 0 ? pick(LABELS) : label), null));
        }
        return pairs;
    }

    private String styled(String label) {
        return switch (random.nextInt(4)) {
            case 0 -> label;
            case 1 -> Character.toUpperCase(label.charAt(0)) + label.substring(1) + ".";
            case 2 -> "\"" + label + "\"";
            default -> " " + label.toUpperCase(Locale.ROOT) + "\n";
        };
    }

    /** Extraction outputs of about 400 bytes: 13 fields, nested, with a list of tags. */
    private List<JudgeInput> jsonPairs(int n) {
        List<JudgeInput> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int order = random.nextInt(100_000);
            pairs.add(new JudgeInput(null, ticket(order, 0), ticket(order, random.nextInt(3)), ticket(order, random.nextInt(5)),
                    null));
        }
        return pairs;
    }

    /** One extracted ticket; {@code drift} fields differ from the original extraction. */
    private String ticket(int order, int drift) {
        return "{\"intent\":\"" + (drift > 0 ? pick(LABELS) : "billing") + "\",\"priority\":\""
                + (drift > 1 ? "medium" : "high") + "\",\"order_id\":\"A-" + order + "\",\"amount\":"
                + (drift > 2 ? 19.99 : 20.0) + ",\"currency\":\"EUR\",\"refund_requested\":true,"
                + "\"customer\":{\"name\":\"Ana Silva\",\"tier\":\"" + (drift > 3 ? "pro" : "enterprise")
                + "\",\"country\":\"PT\"},\"tags\":[\"invoice\",\"duplicate-charge\",\"" + (drift > 0 ? "vat" : "pdf")
                + "\"],\"summary\":\"Customer was charged twice for the March invoice and asks for a refund.\","
                + "\"sentiment\":\"negative\",\"needs_human\":false}";
    }

    /** Support-ticket summaries of 15–25 words; production, self-replay and candidate all differ. */
    private List<JudgeInput> textPairs(int n) {
        List<JudgeInput> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String subject = pick(SUBJECTS);
            String problem = pick(PROBLEMS);
            String production = subject + " " + problem + " " + pick(ASKS) + ". Ticket " + i + ".";
            String control = subject + " " + problem + ", " + pick(ASKS) + " (ticket " + i + ").";
            String candidate = random.nextBoolean() ? "Ticket " + i + ": " + pick(SUBJECTS).toLowerCase(Locale.ROOT) + " "
                    + pick(PROBLEMS) + "." : pick(SUBJECTS) + " " + problem + " " + pick(ASKS) + "; see ticket " + i + ".";
            pairs.add(new JudgeInput(null, production, control, candidate, null));
        }
        return pairs;
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
