package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An alert fires once per condition and later resolves. */
public enum AlertStatus {
    FIRING, RESOLVED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
