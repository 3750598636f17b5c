package io.llmwatch.app.demo;

/**
 * A task type of a simulated app as its production service runs it: the model it calls (the
 * incumbent), the instructions it sends, and what kind of answer it expects. Its candidates are
 * configured in the demo's llmwatch.yaml, as a team would configure them.
 *
 * @param answer  how a correct answer looks, which decides how prompts are tagged and judged
 * @param agent   whether the task is an agent loop: its calls come in runs of a few steps per trace
 */
record DemoTask(String app, String taskType, String incumbent, String systemPrompt, Answer answer, boolean agent) {

    /** The shape of a correct answer. */
    enum Answer {
        /** One label out of a few (a classifier). */
        LABEL,
        /** A JSON object with the extracted fields. */
        JSON,
        /** Free text. */
        TEXT
    }

    String key() {
        return app + "/" + taskType;
    }
}
