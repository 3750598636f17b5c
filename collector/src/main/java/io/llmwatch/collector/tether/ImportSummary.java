package io.llmwatch.collector.tether;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one Tether import did.
 *
 * @param llmCalls         {@code llm_call} steps in the file
 * @param sent             calls published now (new to this cluster, as far as the marker knows)
 * @param alreadyImported  calls the marker says an earlier import delivered to this cluster
 * @param inFlight         calls neither completed nor failed yet, left for a later import
 * @param otherSteps       steps of other kinds (tool calls, state mutations) by kind, not imported
 * @param rejected         steps that are not valid calls, each naming its row and field
 * @param clusterId        the Kafka cluster the calls went to
 * @param marker           the marker file, or null when none was used
 */
public record ImportSummary(
        int llmCalls,
        int sent,
        int alreadyImported,
        int inFlight,
        Map<String, Long> otherSteps,
        List<RejectedStep> rejected,
        String clusterId,
        Path marker) {

    public ImportSummary {
        otherSteps = Map.copyOf(otherSteps);
        rejected = List.copyOf(rejected);
    }
}
