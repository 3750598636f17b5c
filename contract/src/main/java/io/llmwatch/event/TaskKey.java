package io.llmwatch.event;

/** Identifies a task type within an app; written as the Kafka key {@code app/task}. */
public record TaskKey(String app, String taskType) {

    public static TaskKey parse(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("not an app/task key: " + key);
        }
        return new TaskKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return app + "/" + taskType;
    }
}
