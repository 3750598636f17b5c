package io.llmwatch.collector.otlp;

/**
 * App and task type given for a whole export request by the headers {@code X-LLMWatch-App} and
 * {@code X-LLMWatch-Task} (set on an exporter with {@code OTEL_EXPORTER_OTLP_HEADERS}); each may be null.
 */
record RequestDefaults(String app, String taskType) {

    static final String APP_HEADER = "X-LLMWatch-App";
    static final String TASK_HEADER = "X-LLMWatch-Task";

    static final RequestDefaults NONE = new RequestDefaults(null, null);

    RequestDefaults {
        app = blankToNull(app);
        taskType = blankToNull(taskType);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
