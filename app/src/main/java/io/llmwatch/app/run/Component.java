package io.llmwatch.app.run;

import java.util.EnumSet;
import java.util.Set;

/** The parts of llmwatch that {@code llmwatch run} can start in one process. */
public enum Component {
    COLLECTOR, SCORER, DRIFT_DETECTOR, QUERY;

    /** {@code collector}, {@code scorer}, {@code drift-detector}, {@code query} or {@code all}. */
    public static Set<Component> parse(String name) {
        if ("all".equalsIgnoreCase(name)) {
            return EnumSet.allOf(Component.class);
        }
        for (Component c : values()) {
            if (c.cliName().equalsIgnoreCase(name)) {
                return EnumSet.of(c);
            }
        }
        throw new IllegalArgumentException("unknown component '" + name
                + "'; use collector, scorer, drift-detector, query or all");
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
