package io.llmwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.validate.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dimensions a task declares critical (docs/dimensions.md#critical-dimensions): a candidate must
 * be shown non-inferior on each of them, at its own margin, as well as on the composite, before it
 * can be recommended. Written as a list of names, each at the task's {@code margin}
 * ({@code critical: [stat_validity]}), or as an object of name to margin
 * ({@code critical: {stat_validity: 0.05, format: ~}}, {@code ~} = the task's margin). A layer that
 * sets {@code critical} replaces the whole set below it; {@code critical: []} declares none.
 *
 * @param margins margin per dimension name, null = the task's {@code margin}, in the order given
 */
public record CriticalDimensions(Map<String, Double> margins) {

    /**
     * The dimensions a replay can score on both the candidate's output and production's, so that a
     * paired delta exists: {@code correctness} (calls with a reference), {@code format},
     * {@code efficiency}, and the {@code rdab} profile's {@code code_quality} and {@code stat_validity}
     * (computed from the text under any task). A critical dimension outside this set could never be
     * shown non-inferior, so the configuration refuses it.
     */
    public static final Set<String> MEASURABLE = Set.of("correctness", "format", "efficiency", "code_quality",
            "stat_validity");

    /**
     * At most this many: each keeps its own paired evidence (a reservoir of deltas and a change
     * detector, ~10 KB) rewritten with every replay result.
     */
    public static final int MAX = 4;

    public CriticalDimensions {
        margins = Collections.unmodifiableMap(new LinkedHashMap<>(margins == null ? Map.of() : margins));
    }

    /** {@code [a, b]} or {@code {a: 0.05, b: null}}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CriticalDimensions of(JsonNode node) {
        Map<String, Double> margins = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return new CriticalDimensions(margins);
        }
        if (node.isArray()) {
            node.forEach(name -> margins.put(name.isNull() ? null : name.asText(), null));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode margin = entry.getValue();
                // not a number: NaN, which validation refuses naming the field
                margins.put(entry.getKey(), margin == null || margin.isNull() ? null
                        : margin.isNumber() ? margin.asDouble() : Double.NaN);
            }
        } else if (node.isTextual()) {
            margins.put(node.asText(), null);
        } else {
            // neither form: a blank name, which validation refuses naming the field
            margins.put("", null);
        }
        return new CriticalDimensions(margins);
    }

    /** Names only, each at the task's margin. */
    public static CriticalDimensions named(String... names) {
        Map<String, Double> margins = new LinkedHashMap<>();
        for (String name : names) {
            margins.put(name, null);
        }
        return new CriticalDimensions(margins);
    }

    /** As written: a list of names when none has its own margin, else the object. */
    @JsonValue
    public JsonNode json() {
        if (margins.values().stream().allMatch(m -> m == null)) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            margins.keySet().forEach(names::add);
            return names;
        }
        // a tree, not a map: the mapper leaves null map values out, and null here means "the task's margin"
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        margins.forEach((name, margin) -> {
            if (margin == null) {
                object.putNull(name);
            } else {
                object.put(name, margin);
            }
        });
        return object;
    }

    /** The critical dimension names, in the order given. */
    public Set<String> names() {
        return margins.keySet();
    }

    /** The margin of {@code dimension}: its own, else {@code taskMargin}. */
    public double margin(String dimension, double taskMargin) {
        Double own = margins.get(dimension);
        return own != null ? own : taskMargin;
    }

    /**
     * Why {@code comparison} may not be recommended on these critical dimensions, each taken at its
     * margin in force now (so that a live change applies at once), or null when it is shown
     * non-inferior on every one. A dimension the comparison has no evidence on blocks: it is not yet
     * shown non-inferior.
     *
     * @param taskMargin the task's margin in force, for the dimensions without their own
     */
    public String blocking(Comparison comparison, double taskMargin) {
        List<String> reasons = new ArrayList<>();
        for (String dimension : names()) {
            double margin = margin(dimension, taskMargin);
            DimensionComparison evidence = comparison.critical(dimension);
            String reason = evidence == null ? dimension + " is critical: no paired evidence on it yet"
                    : evidence.blockingReason(margin);
            if (reason != null) {
                reasons.add(reason);
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    void validate(String path, Checks checks) {
        checks.check(margins.size() <= MAX, path, "at most " + MAX + " critical dimensions");
        margins.forEach((name, margin) -> {
            if (name == null || name.isBlank()) {
                checks.check(false, path, "must be a list of dimension names or an object of name to margin,"
                        + " with names that are not blank");
                return;
            }
            checks.check(MEASURABLE.contains(name), path + "." + name, "replays cannot score '" + name
                    + "' on both outputs, so it could never be shown non-inferior; critical dimensions must be among "
                    + List.copyOf(new java.util.TreeSet<>(MEASURABLE)));
            checks.between(path + "." + name, margin, 0, 1);
        });
    }
}
