package io.llmwatch.config;

import io.llmwatch.event.TaskKey;

/**
 * Keys of the compacted {@code llmwatch.control} topic (docs/architecture.md §7). The value's shape depends on the
 * kind: {@code task/<app>/<task>} → {@link TaskConfig}, {@code provider/<name>} →
 * {@link ProviderConfig}, {@code price/<model>} → a price catalog entry, {@code campaign/<id>} → a
 * replay campaign. A null value (tombstone) removes the entry, so the config file's value applies again.
 */
public record ControlKey(Kind kind, String id) {

    /** The kinds of live configuration. */
    public enum Kind {
        TASK("task"), PROVIDER("provider"), PRICE("price"), CAMPAIGN("campaign");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static ControlKey task(TaskKey task) {
        return new ControlKey(Kind.TASK, task.toString());
    }

    public static ControlKey provider(String name) {
        return new ControlKey(Kind.PROVIDER, name);
    }

    public static ControlKey price(String model) {
        return new ControlKey(Kind.PRICE, model);
    }

    /** Parses {@code kind/id}; throws {@link IllegalArgumentException} naming the accepted kinds. */
    public static ControlKey parse(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash > 0 && slash < key.length() - 1) {
            String prefix = key.substring(0, slash);
            for (Kind kind : Kind.values()) {
                if (kind.prefix.equals(prefix)) {
                    ControlKey parsed = new ControlKey(kind, key.substring(slash + 1));
                    if (kind == Kind.TASK) {
                        TaskKey.parse(parsed.id);
                    }
                    return parsed;
                }
            }
        }
        throw new IllegalArgumentException("'" + key
                + "' is not a control key; use task/<app>/<task>, provider/<name>, price/<model> or campaign/<id>");
    }

    @Override
    public String toString() {
        return kind.prefix + "/" + id;
    }
}
