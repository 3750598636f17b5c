package io.llmwatch.scorer.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.JudgeKind;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.scorer.judge.Judge;
import io.llmwatch.scorer.judge.JudgeInput;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.ChatResult;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.topology.LivePrices;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Replays one sampled call: sends the recorded request, shaped for replay ({@link ReplayBody}), to
 * every target at once with the model swapped, then judges each candidate against the incumbent on the same call, and turns every
 * outcome — failures included — into a {@link ReplayResult}. Never blocks; the future it returns
 * never completes exceptionally.
 *
 * <p>For a judge that compares with production's own output ({@link JudgeKind#needsSelfReplay()}),
 * the incumbent's self-replay is the control: the judge sees its output next to the candidate's, and
 * a candidate whose control failed gets a judgement without a delta, saying so.
 */
public final class Replayer {

    private final ProviderRegistry providers;
    private final Function<JudgeKind, Judge> judges;
    private final LivePrices prices;
    private final ReplayBody body;
    private final Clock clock;

    /**
     * @param judges the judge of each kind; null for a kind that is not available (its candidates
     *               get a judgement without a delta)
     * @param prices the live prices (catalog and {@code price/<model>} entries), read once per result
     * @param body   what a recorded request becomes when replayed
     */
    public Replayer(ProviderRegistry providers, Function<JudgeKind, Judge> judges, LivePrices prices, ReplayBody body,
                    Clock clock) {
        this.providers = providers;
        this.judges = judges;
        this.prices = prices;
        this.body = body;
        this.clock = clock;
    }

    /** One result per distinct target, in the order of {@link ReplayRequest#targets()}. */
    public CompletableFuture<List<ReplayResult>> replay(ReplayRequest request) {
        return replay(request, false);
    }

    /**
     * As {@link #replay(ReplayRequest)}. Each target is sent with the idempotency key of its replay
     * ({@link ReplayLedgerEntry#idempotencyKey}).
     *
     * @param interrupted a worker started this request and crashed before it finished (the ledger says
     *                    so): a target whose provider does not honour idempotency keys may already have
     *                    been paid, so it is not sent again but reported as {@link ErrorTypes#INTERRUPTED}
     */
    public CompletableFuture<List<ReplayResult>> replay(ReplayRequest request, boolean interrupted) {
        JudgeKind kind = JudgeKind.resolve(request.judge(), request.request(), request.originalOutput(), request.reference());
        Map<String, CompletableFuture<ChatResult>> calls = new LinkedHashMap<>();
        ObjectNode shaped = body.shape(request.request());
        for (String target : new LinkedHashSet<>(request.targets())) {
            calls.put(target, call(request, shaped, target, interrupted));
        }
        CompletableFuture<ChatResult> control = calls.get(request.incumbent());
        List<CompletableFuture<ReplayResult>> results = new ArrayList<>();
        calls.forEach((model, call) -> results.add(call.thenCompose(outcome -> {
            if (outcome.failed() || request.isControl(model)) {
                return CompletableFuture.completedFuture(result(request, model, outcome, null));
            }
            return judgement(kind, request, outcome, control).thenApply(judgement -> result(request, model, outcome, judgement));
        })));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(all -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ChatResult> call(ReplayRequest request, ObjectNode shaped, String model, boolean interrupted) {
        try {
            ChatClient client = providers.chat(model, request.provider());
            if (interrupted && !client.honoursIdempotencyKeys()) {
                return CompletableFuture.completedFuture(new ChatResult(null, null, null, null, null, 0,
                        new CallError(ErrorTypes.INTERRUPTED, "a replay worker crashed during this replay; it is not sent"
                                + " again because its provider may have been paid already and does not honour idempotency keys"),
                        0));
            }
            return client.complete(model, shaped, ReplayLedgerEntry.idempotencyKey(request, model))
                    .exceptionally(e -> clientFailure(e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(clientFailure(e));
        }
    }

    private CompletableFuture<Judgement> judgement(JudgeKind kind, ReplayRequest request, ChatResult candidate,
                                                   CompletableFuture<ChatResult> control) {
        if (!kind.needsSelfReplay()) {
            return judge(kind, new JudgeInput(request.request(), request.originalOutput(), null, candidate.outputText(),
                    request.reference()));
        }
        if (control == null) {
            return CompletableFuture.completedFuture(undecided(kind, "the " + kind.id()
                    + " judge needs the incumbent's self-replay as a control, and the request has none"));
        }
        return control.thenCompose(baseline -> baseline.failed()
                ? CompletableFuture.completedFuture(undecided(kind, "the incumbent's self-replay failed ("
                        + baseline.error().type() + "): no baseline to compare with"))
                : judge(kind, new JudgeInput(request.request(), request.originalOutput(), baseline.outputText(),
                        candidate.outputText(), request.reference())));
    }

    private CompletableFuture<Judgement> judge(JudgeKind kind, JudgeInput input) {
        Judge judge = judges.apply(kind);
        if (judge == null) {
            return CompletableFuture.completedFuture(undecided(kind, "no " + kind.id() + " judge is available"));
        }
        try {
            return judge.judge(input).handle((judgement, error) -> {
                if (error != null) {
                    return undecided(kind, "the " + kind.id() + " judge failed: " + rootMessage(error));
                }
                return judgement != null ? judgement : undecided(kind, "the " + kind.id() + " judge gave no judgement");
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(undecided(kind, "the " + kind.id() + " judge failed: " + rootMessage(e)));
        }
    }

    private ReplayResult result(ReplayRequest request, String model, ChatResult outcome, Judgement judgement) {
        Cost cost = outcome.failed() ? null : prices.cost(model, outcome.usage());
        return new ReplayResult(ReplayResult.SCHEMA, request.callId(), request.callTimestamp(), request.app(),
                request.taskType(), request.incumbent(), model, outcome.provider(), request.isControl(model),
                request.campaignId(), outcome.outputText(), outcome.finishReason(), outcome.usage(), cost,
                outcome.attempts() == 0 ? null : outcome.latencyMs(), outcome.error(), outcome.attempts(), judgement,
                request.projectedCostUsd().get(model), request.originalCostUsd(), clock.instant());
    }

    private static Judgement undecided(JudgeKind kind, String why) {
        return new Judgement(kind.id(), null, null, null, null, null, why);
    }

    private static ChatResult clientFailure(Throwable e) {
        return new ChatResult(null, null, null, null, null, 0,
                new CallError(ErrorTypes.CLIENT_ERROR, "the replay could not be sent: " + rootMessage(e)), 0);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
