package io.llmwatch.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Replay requests for tests of the replay worker, shared through this module's test-jar so the
 * scorer's and the app's replay tests build the same request.
 */
public final class ReplayRequests {

    private ReplayRequests() {
    }

    /**
     * A replay of one {@code shop/triage} chat call (production answered {@code bug}, judged
     * {@code exact}) to {@code incumbent} and {@code candidate}, both projected at $0.002. The user
     * message names {@code callId}, so every request has its own prompt (and its own payment on the
     * simulated provider).
     */
    public static ReplayRequest triage(String callId, String incumbent, String candidate) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", incumbent);
        body.putArray("messages").add(Json.mapper().createObjectNode().put("role", "user").put("content", "Ticket " + callId));
        return ReplayRequest.builder().callId(callId).callTimestamp(Instant.now()).app("shop").taskType("triage")
                .incumbent(incumbent).provider("sim").request(body).originalOutput("bug").originalUsage(Usage.of(40, 2))
                .originalCostUsd(0.0001).judge("exact").targets(List.of(incumbent, candidate))
                .projectedCostUsd(Map.of(incumbent, 0.002, candidate, 0.002)).requestedAt(Instant.now()).build();
    }
}
