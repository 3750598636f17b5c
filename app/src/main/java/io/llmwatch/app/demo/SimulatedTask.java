package io.llmwatch.app.demo;

import java.util.List;

/**
 * A task type of a simulated app, with its typical prompt and answer sizes and the models its
 * traffic is split across evenly (as in a canary split).
 */
record SimulatedTask(String app, String taskType, String systemPrompt, List<String> userPrompts,
                     int inputTokens, int outputTokens, boolean json, List<SimulatedModel> models) {
}
