package io.llmwatch.drift.sink;

import io.llmwatch.event.DriftAlert;
import java.util.Locale;

/** An alert in words, for chat messages. */
final class AlertText {

    private AlertText() {
    }

    /**
     * Slack {@code mrkdwn}: a bold headline (severity, type, status, where), the summary, the dedup key.
     * Slack reads {@code &}, {@code <} and {@code >} as markup, so they are escaped.
     */
    static String slack(DriftAlert alert) {
        String headline = "[" + text(alert.severity() == null ? null : alert.severity().json()).toUpperCase(Locale.ROOT) + "] "
                + alert.type() + " " + text(alert.status() == null ? null : alert.status().json()) + ": " + where(alert);
        return "*" + escape(headline) + "*\n" + escape(text(alert.summary())) + "\n_dedup key: " + escape(text(alert.dedupKey())) + "_";
    }

    /** {@code app/task_type}, with the model in parentheses when the alert is about one. */
    static String where(DriftAlert alert) {
        String where = text(alert.app()) + "/" + text(alert.taskType());
        return alert.model() == null ? where : where + " (" + alert.model() + ")";
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
