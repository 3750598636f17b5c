package io.llmwatch.drift.watch;

import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.TaskKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The calls of one run of a task so far: one {@code trace_id} (an agent run), or without one, one
 * {@code session_id}. Kept until the run has been idle for {@code alerts.token_spiral.idle}.
 *
 * <p>A call <b>repeats</b> when its model and input size (tokens, in buckets of about 5 %) equal
 * one of the run's {@value #RECENT} previous calls': ScoredCall carries no prompt text, and an agent
 * stuck in a loop sends near-identical prompts, which have near-identical input sizes.
 *
 * @param task        the task
 * @param runId       {@code trace/<trace_id>} or {@code session/<session_id>}
 * @param firstAt     the first call's time
 * @param lastAt      the latest call's time
 * @param calls       calls so far
 * @param tokens      their input + output tokens (calls without usage count none)
 * @param costUsd     their known cost
 * @param repeated    calls that repeated a recent call's model and input size
 * @param recent      the signatures of the last {@value #RECENT} calls
 * @param models      the models the run called (at most {@value #MAX_MODELS})
 * @param firedAt     when the run was found to spiral, or null
 * @param reportedAt  when a draft about it was last sent to the lifecycle
 */
record AgentRun(TaskKey task, String runId, Instant firstAt, Instant lastAt, long calls, long tokens, double costUsd,
        long repeated, List<String> recent, Set<String> models, Instant firedAt, Instant reportedAt) {

    static final int RECENT = 16;
    static final int MAX_MODELS = 8;
    private static final double BUCKET = Math.log(1.05);

    AgentRun {
        recent = recent == null ? List.of() : List.copyOf(recent);
        models = models == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(models));
    }

    /** The run's identity for a call: its trace, else its session; null when it has neither. */
    static String runId(ScoredCall call) {
        if (call.traceId() != null && !call.traceId().isBlank()) {
            return "trace/" + call.traceId();
        }
        if (call.sessionId() != null && !call.sessionId().isBlank()) {
            return "session/" + call.sessionId();
        }
        return null;
    }

    static AgentRun start(TaskKey task, String runId, Instant at) {
        return new AgentRun(task, runId, at, at, 0, 0, 0, 0, List.of(), Set.of(), null, null);
    }

    AgentRun plus(ScoredCall call) {
        Long total = call.usage() == null ? null : call.usage().totalTokens();
        String signature = signature(call);
        boolean repeats = signature != null && recent.contains(signature);
        List<String> nextRecent = new ArrayList<>(recent);
        if (signature != null) {
            nextRecent.add(signature);
            if (nextRecent.size() > RECENT) {
                nextRecent.remove(0);
            }
        }
        Set<String> nextModels = new LinkedHashSet<>(models);
        if (call.model() != null && nextModels.size() < MAX_MODELS) {
            nextModels.add(call.model());
        }
        double cost = call.cost() != null && call.cost().known() ? call.cost().amount() : 0;
        Instant first = call.timestamp().isBefore(firstAt) ? call.timestamp() : firstAt;
        Instant last = call.timestamp().isAfter(lastAt) ? call.timestamp() : lastAt;
        return new AgentRun(task, runId, first, last, calls + 1, tokens + (total == null ? 0 : total), costUsd + cost,
                repeated + (repeats ? 1 : 0), nextRecent, nextModels, firedAt, reportedAt);
    }

    AgentRun fired(Instant at) {
        return new AgentRun(task, runId, firstAt, lastAt, calls, tokens, costUsd, repeated, recent, models, at, at);
    }

    AgentRun reported(Instant at) {
        return new AgentRun(task, runId, firstAt, lastAt, calls, tokens, costUsd, repeated, recent, models, firedAt, at);
    }

    double repeatShare() {
        return calls == 0 ? 0 : (double) repeated / calls;
    }

    private static String signature(ScoredCall call) {
        if (call.usage() == null || call.usage().inputTokens() == null || call.usage().inputTokens() <= 0) {
            return null;
        }
        return call.model() + "|" + Math.round(Math.log(call.usage().inputTokens()) / BUCKET);
    }
}
