package io.llmwatch.config;

/**
 * Where a model-backed judge gets its model: the {@code llm} judge's chat model, or the
 * {@code embedding} judge's embedding model.
 *
 * @param provider name of an entry of {@code providers}; null with {@code embedding} = the
 *                 in-process all-MiniLM-L6-v2 model, when its optional module is on the class path
 * @param model    model id at that provider
 * @param rubric   for the {@code llm} judge: what "better" means for this deployment's tasks
 */
public record JudgeConfig(String provider, String model, String rubric) {
}
