package io.llmwatch.scorer.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.TaskKey;
import io.llmwatch.scorer.judge.Judge;
import io.llmwatch.scorer.judge.JudgeInput;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.ChatResult;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.quality.PairedDimensions;
import io.llmwatch.price.LivePrices;
import io.llmwatch.wire.ChatTranslation;
import io.llmwatch.wire.ProviderApi;
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
 * every target at once with the model swapped, in the API the call was made with
 * ({@link ProviderRegistry#replay}), then judges each candidate against the incumbent on the same call, and turns every
 * outcome — failures included — into a {@link ReplayResult}. Never blocks; the future it returns
 * never completes exceptionally.
 *
 * <p>For a judge that compares with production's own output ({@link JudgeKind#needsSelfReplay()}),
 * the incumbent's self-replay is the control: the judge sees its output next to the candidate's, and
 * a candidate whose control failed gets a judgement without a delta, saying so.
 *
 * <p>After a switch, a call may have been served by another model than the incumbent (the task's
 * reference, {@link ReplayRequest#servedBy()}). Production's answer is then not the incumbent's, so
 * the incumbent's replay stands in for it: every target, the model in production included, is judged
 * against what the incumbent answers, and the margin stays one against the reference. A judge that
 * compares with production's answer also needs the control to be an independent sample, so the
 * incumbent is replayed a second time as that stand-in (the anchor); the control's result carries the
 * cost of both, which is what the sampler charged. A candidate's {@code original_cost_usd} is then
 * the incumbent's replay cost, not production's (another model's) cost.
 */
public final class Replayer {

    private final ProviderRegistry providers;
    private final Function<JudgeKind, Judge> judges;
    private final LivePrices prices;
    private final ReplayBody body;
    private final Clock clock;
    private final Function<TaskKey, TaskConfig> tasks;

    /** A replayer that scores no critical dimensions. */
    public Replayer(ProviderRegistry providers, Function<JudgeKind, Judge> judges, LivePrices prices, ReplayBody body,
                    Clock clock) {
        this(providers, judges, prices, body, clock, task -> null);
    }

    /**
     * @param judges the judge of each kind; null for a kind that is not available (its candidates
     *               get a judgement without a delta)
     * @param prices the live prices (catalog and {@code price/<model>} entries), read once per result
     * @param body   what a recorded request becomes when replayed
     * @param tasks  the settings in force for a task (for its critical dimensions, scored on every
     *               judged candidate by {@link PairedDimensions}); called from any thread
     */
    public Replayer(ProviderRegistry providers, Function<JudgeKind, Judge> judges, LivePrices prices, ReplayBody body,
                    Clock clock, Function<TaskKey, TaskConfig> tasks) {
        this.providers = providers;
        this.judges = judges;
        this.prices = prices;
        this.body = body;
        this.clock = clock;
        this.tasks = tasks;
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
        ProviderApi api = request.wireApi().orElse(ProviderApi.CHAT_COMPLETIONS);
        ObjectNode shaped = body.shape(request.request(), api);
        for (String target : new LinkedHashSet<>(request.targets())) {
            calls.put(target, call(request, api, shaped, target, interrupted, ReplayLedgerEntry.idempotencyKey(request, target)));
        }
        CompletableFuture<ChatResult> control = calls.get(request.incumbent());
        CompletableFuture<ChatResult> anchor = request.servedByIncumbent() ? null
                : kind.needsSelfReplay() && control != null
                ? call(request, api, shaped, request.incumbent(), interrupted,
                        ReplayLedgerEntry.idempotencyKey(request, request.incumbent()) + "/stand-in") : control;
        CompletableFuture<Double> incumbentCost = request.servedByIncumbent() || control == null
                ? CompletableFuture.completedFuture(request.servedByIncumbent() ? request.originalCostUsd() : null)
                : control.thenApply(outcome -> knownAmount(outcome.failed() ? null : prices.cost(request.incumbent(), outcome.usage())));
        List<CompletableFuture<ReplayResult>> results = new ArrayList<>();
        calls.forEach((model, call) -> results.add(call.thenCompose(outcome -> {
            if (request.isControl(model)) {
                CompletableFuture<ChatResult> extra = anchor == null || anchor == control
                        ? CompletableFuture.completedFuture(null) : anchor;
                Double original = request.servedByIncumbent() ? request.originalCostUsd() : null;
                return extra.thenApply(second -> result(request, model, outcome, null, original, second));
            }
            CompletableFuture<Judgement> judged = outcome.failed() ? CompletableFuture.completedFuture(null)
                    : judgement(kind, request, outcome, control, anchor);
            return judged.thenCombine(incumbentCost, (judgement, original) -> result(request, model, outcome,
                    judgement == null ? null : withDimensions(judgement, request, outcome), original, null));
        })));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(all -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ChatResult> call(ReplayRequest request, ProviderApi api, ObjectNode shaped, String model,
                                               boolean interrupted, String idempotencyKey) {
        try {
            ChatClient client = providers.replay(model, request.provider(), api);
            if (interrupted && !client.honoursIdempotencyKeys()) {
                return CompletableFuture.completedFuture(new ChatResult(null, null, null, null, null, 0,
                        new CallError(ErrorTypes.INTERRUPTED, "a replay worker crashed during this replay; it is not sent"
                                + " again because its provider may have been paid already and does not honour idempotency keys"),
                        0));
            }
            return client.complete(model, shaped, idempotencyKey)
                    .exceptionally(e -> clientFailure(e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(clientFailure(e));
        }
    }

    /** Judges the candidate against production's answer, or against the incumbent's replay standing in for it. */
    private CompletableFuture<Judgement> judgement(JudgeKind kind, ReplayRequest request, ChatResult candidate,
                                                   CompletableFuture<ChatResult> control, CompletableFuture<ChatResult> anchor) {
        if (request.servedByIncumbent()) {
            return judgement(kind, request, request.originalOutput(), candidate, control);
        }
        if (anchor == null) {
            return CompletableFuture.completedFuture(undecided(kind, "the call was served by " + request.servedBy()
                    + ", not the incumbent, and the request does not replay the incumbent: nothing to compare with"));
        }
        return anchor.thenCompose(stand -> stand.failed()
                ? CompletableFuture.completedFuture(undecided(kind, "the incumbent's replay, standing in for production's"
                        + " answer (served by " + request.servedBy() + "), failed (" + stand.error().type() + ")"))
                : judgement(kind, request, stand.outputText(), candidate, control));
    }

    private CompletableFuture<Judgement> judgement(JudgeKind kind, ReplayRequest request, String production,
                                                   ChatResult candidate, CompletableFuture<ChatResult> control) {
        // The judges read the task as chat messages, whatever API the call was made with.
        JsonNode task = ChatTranslation.toChat(request.wireApi().orElse(ProviderApi.CHAT_COMPLETIONS), request.request()).body();
        if (!kind.needsSelfReplay()) {
            return judge(kind, new JudgeInput(task, production, null, candidate.outputText(),
                    request.reference()));
        }
        if (control == null) {
            return CompletableFuture.completedFuture(undecided(kind, "the " + kind.id()
                    + " judge needs the incumbent's self-replay as a control, and the request has none"));
        }
        return control.thenCompose(baseline -> baseline.failed()
                ? CompletableFuture.completedFuture(undecided(kind, "the incumbent's self-replay failed ("
                        + baseline.error().type() + "): no baseline to compare with"))
                : judge(kind, new JudgeInput(task, production, baseline.outputText(),
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

    /** The judgement with the paired deltas of the task's critical dimensions, whatever the judge decided. */
    private Judgement withDimensions(Judgement judgement, ReplayRequest request, ChatResult candidate) {
        Map<String, Double> deltas = PairedDimensions.deltas(tasks.apply(request.task()), request,
                candidate.outputText(), candidate.finishReason(), candidate.usage());
        return deltas.isEmpty() ? judgement : judgement.withDimensions(deltas);
    }

    /**
     * @param originalCostUsd what the incumbent cost on this call
     * @param anchor          the incumbent's second replay, standing in for production's answer, whose
     *                        cost the control's result carries too; null when there is none
     */
    private ReplayResult result(ReplayRequest request, String model, ChatResult outcome, Judgement judgement,
                                Double originalCostUsd, ChatResult anchor) {
        Cost cost = outcome.failed() ? null : prices.cost(model, outcome.usage());
        if (anchor != null && !anchor.failed()) {
            Cost second = prices.cost(model, anchor.usage());
            cost = cost == null ? second : cost.known() && second.known()
                    ? new Cost(cost.amount() + second.amount(), cost.currency(), cost.source(),
                            "with the incumbent's second replay, standing in for production's answer")
                    : cost;
        }
        return new ReplayResult(ReplayResult.SCHEMA, request.callId(), request.callTimestamp(), request.app(),
                request.taskType(), request.incumbent(), model, outcome.provider(), request.isControl(model),
                request.campaignId(), outcome.outputText(), outcome.finishReason(), outcome.usage(), cost,
                outcome.attempts() == 0 ? null : outcome.latencyMs(), outcome.error(), outcome.attempts(), judgement,
                request.projectedCostUsd().get(model), originalCostUsd, clock.instant());
    }

    private static Double knownAmount(Cost cost) {
        return cost != null && cost.known() ? cost.amount() : null;
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
