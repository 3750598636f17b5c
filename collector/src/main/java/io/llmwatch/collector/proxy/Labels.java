package io.llmwatch.collector.proxy;

/**
 * How a proxied call is filed: from {@code X-LLMWatch-App}, {@code X-LLMWatch-Task},
 * {@code X-LLMWatch-Trace-Id} and {@code X-LLMWatch-Session-Id}, or the configured defaults.
 */
record Labels(String app, String taskType, String traceId, String sessionId) {

    private static final int MAX_LENGTH = 200;

    static Labels of(String app, String task, String traceId, String sessionId, ProxyOptions options) {
        return new Labels(keyPart(app, options.defaultApp()), keyPart(task, options.defaultTask()),
                plain(traceId), plain(sessionId));
    }

    /** {@code app} and {@code task_type} are parts of the key {@code app/task/model}: no '/' in them. */
    private static String keyPart(String value, String fallback) {
        String cleaned = plain(value);
        return cleaned == null ? fallback : cleaned.replace('/', '_');
    }

    private static String plain(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() <= MAX_LENGTH ? trimmed : trimmed.substring(0, MAX_LENGTH);
    }
}
