package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently a person should look at an alert. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
