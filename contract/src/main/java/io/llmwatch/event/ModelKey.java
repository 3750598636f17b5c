package io.llmwatch.event;

/**
 * Identifies a model within a task of an app; written as the Kafka key {@code app/task/model}. The
 * parts may themselves contain slashes only in the model (e.g. {@code meta-llama/Llama-3-8b}).
 */
public record ModelKey(String app, String taskType, String model) {

    public static ModelKey parse(String key) {
        String[] parts = key.split("/", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an app/task/model key: " + key);
        }
        return new ModelKey(parts[0], parts[1], parts[2]);
    }

    public TaskKey task() {
        return new TaskKey(app, taskType);
    }

    @Override
    public String toString() {
        return app + "/" + taskType + "/" + model;
    }
}
