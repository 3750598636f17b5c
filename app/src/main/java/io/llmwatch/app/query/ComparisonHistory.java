package io.llmwatch.app.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One candidate's comparison over time, oldest point first, as served by
 * {@code GET /api/comparisons/history}. Each point holds those of {@link QueryViews#HISTORY_FIELDS}
 * that the comparison had when it was published.
 */
public record ComparisonHistory(String app, String taskType, String incumbent, String candidate,
                                List<ObjectNode> points) {
}
