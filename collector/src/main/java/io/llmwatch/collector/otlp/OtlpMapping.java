package io.llmwatch.collector.otlp;

/**
 * Collector-side choices for mapping OTLP spans to calls.
 *
 * @param defaultTaskType the task type of a span that names none (no {@code llmwatch.task_type}
 *                        attribute, no {@code X-LLMWatch-Task} header, no {@code gen_ai.prompt.name});
 *                        null to use the span's {@code gen_ai.operation.name} ({@code chat},
 *                        {@code embeddings} …), so that different kinds of call are never compared
 */
public record OtlpMapping(String defaultTaskType) {

    public OtlpMapping {
        if (defaultTaskType != null && (defaultTaskType.isBlank() || defaultTaskType.indexOf('/') >= 0)) {
            throw new IllegalArgumentException("defaultTaskType must be non-blank and without '/': " + defaultTaskType);
        }
    }

    /** Task type from the operation name when a span names none. */
    public static OtlpMapping defaults() {
        return new OtlpMapping(null);
    }
}
